// An operation belongs to the worker, not to the web request that asked for it: the web process
// may die while it runs, and a reload (served by another web process) shows it and its result.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '../../packages/db/src/index';
import { PveClient } from '../../packages/pve/src/index';
import { closeRedis } from '../../packages/redis/src/index';
import { closePveClients } from '../../packages/services/src/index';
import { startSimulator, type Simulator } from '../../packages/pve-sim/src/index';
import { followOperation } from '../helpers/operations';
import { WebClient } from '../helpers/web-client';
import { startTestWeb } from '../setup/stack';
import { createCt, owner, statusOf, type Owner } from './containers-fixture';
import type { WebApp } from '../../scripts/lib/stack';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let doomed: WebApp | undefined;

beforeAll(async () => {
  // Every PVE request takes 150 ms more: an operation runs for a second or two, long enough to pull the plug.
  sim = await startSimulator({
    dataDir: mkdtempSync(path.join(tmpdir(), 'kiln-sim-')), apiPort: 0, sshPort: 0, nodes: ['pve1', 'pve2', 'pve3'], seedContainersPerNode: 1,
    taskDurationMs: 500, latencyMs: 150, authFailureDelayMs: 50, statusIntervalMs: 500, tokens: [{ id: 'kiln@pve!kiln' }],
  });
  pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  a = await owner(webUrl, sim);
});

afterAll(async () => {
  await doomed?.stop();
  await pve?.close();
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

describe('a web restart while an operation runs', () => {
  it('the worker finishes it; the reloaded page first follows it running, then shows its result', async () => {
    const vmid = await createCt(pve, 'outlives-web');
    // The user's browser talks to a web process of its own, which dies right after the click.
    doomed = await startTestWeb({ TRUST_PROXY: '1' });
    const browser = new WebClient(doomed.url);
    browser.setCookies(a.web.cloneCookies());
    const r = await browser.action<{ operationId: string }>('containerPowerAction', { nodeId: a.nodeId, vmid, op: 'start' });
    const id = r.data!.operationId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise<void>((resolve) => {
      doomed!.web.once('exit', () => resolve());
      doomed!.web.kill('SIGKILL');
    });
    doomed = undefined;
    const atDeath = await getDb().operation.findUniqueOrThrow({ where: { id } });
    expect(['queued', 'running']).toContain(atDeath.state);

    // Reloaded (through another web process): the page knows the operation and follows it.
    const reload = await a.web.page(`/containers/${a.nodeId}/${vmid}`);
    expect(reload.status).toBe(200);
    expect(reload.html).toContain('data-testid="operation-running"');
    expect(reload.html).toContain('Starting outlives-web');

    const { view, events } = await followOperation(a.web, id);
    expect(view.operation).toMatchObject({ state: 'succeeded', message: 'Started outlives-web.' });
    expect(events.map((e) => e.event.text).join('\n')).toContain('TASK OK');
    expect(await statusOf(pve, vmid)).toBe('running');

    // After the end, the page no longer shows it running; its recent operations list the result.
    const after = await a.web.page(`/containers/${a.nodeId}/${vmid}?tab=history`);
    expect(after.html).not.toContain('data-testid="operation-running"');
    expect(after.html).toContain(`/operations/${id}`);
    expect(after.html).toContain('data-state="succeeded"');
    const list = await a.web.page('/operations');
    expect(list.html).toContain(`/operations/${id}`);
    expect(list.html).toContain('outlives-web');
  });
});
