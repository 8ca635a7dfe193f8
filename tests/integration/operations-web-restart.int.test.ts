// An operation belongs to the worker, not to the web request that asked for it: the web process
// may die while it waits, and the reloaded page (a new web process) follows it to its result.
// This file runs its own web processes and worker on a Redis prefix of their own, so the
// operation provably waits in the queue while the web process that queued it is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import type { PveClient } from '@kiln/pve';
import { closeRedis } from '@kiln/redis';
import { closePveClients } from '@kiln/services';
import { ROOT } from '../../scripts/lib/paths';
import { WORKER_NODE_FLAGS, type WebApp } from '../../scripts/lib/stack';
import { followOperation } from '../helpers/operations';
import type { Simulator } from '../helpers/sim';
import { WebClient } from '../helpers/web-client';
import { startTestWeb } from '../setup/stack';
import { createCt, owner, startSim, statusOf, type Owner } from './containers-fixture';
import { inheritedEnv, launcherSetting } from '../../scripts/lib/config';

const webUrl = inject('webUrl');
const prefix = `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}restart-${randomUUID().slice(0, 8)}:`;
let sim: Simulator;
let pve: PveClient;
let a: Owner;
const webs: WebApp[] = [];
let worker: ChildProcess | undefined;

beforeAll(async () => {
  ({ sim, pve } = await startSim());
  a = await owner(webUrl, sim);
});

afterAll(async () => {
  await Promise.all(webs.map((w) => w.stop()));
  if (worker && worker.exitCode === null)
    await new Promise<void>((r) => {
      worker!.once('exit', () => r());
      worker!.kill('SIGTERM');
    });
  await pve?.close();
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

async function web(): Promise<WebApp> {
  const w = await startTestWeb({ TRUST_PROXY: '1', REDIS_PREFIX: prefix });
  webs.push(w);
  return w;
}

describe('a web restart while an operation runs', () => {
  it('the reloaded page follows the operation the dead web process queued; the worker finishes it', async () => {
    const vmid = await createCt(pve, 'outlives-web');
    const first = await web();
    const browser = new WebClient(first.url);
    expect((await browser.login(a.user.username, a.user.password)).status).toBe(200);
    const r = await browser.action<{ operationId: string }>('containerPowerAction', { nodeId: a.nodeId, vmid, op: 'start' });
    const id = r.data!.operationId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // The web process dies right after the click, its operation still waiting for a worker.
    await new Promise<void>((resolve) => {
      first.web.once('exit', () => resolve());
      first.web.kill('SIGKILL');
    });
    webs.splice(webs.indexOf(first), 1);
    expect((await getDb().operation.findUniqueOrThrow({ where: { id } })).state).toBe('queued');

    // A new web process; the browser reloads the container page: it shows the operation and follows it.
    const second = await web();
    const reloaded = new WebClient(second.url);
    reloaded.setCookies(browser.cloneCookies());
    const page = await reloaded.page(`/containers/${a.nodeId}/${vmid}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-testid="operation-running"');
    expect(page.html).toContain('Starting outlives-web…');

    worker = spawn(process.execPath, [...WORKER_NODE_FLAGS, path.join(ROOT, 'apps/worker/dist/main.js')], {
      env: inheritedEnv({ REDIS_PREFIX: prefix, LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'ignore', launcherSetting('KILN_TEST_VERBOSE') ? 'inherit' : 'ignore'],
    });
    const { view, events } = await followOperation(reloaded, id, { timeoutMs: 90_000 });
    expect(view.operation).toMatchObject({ state: 'succeeded', message: 'Started outlives-web.' });
    // The replay from the start has the whole story: queued, running, the task and its log, the end.
    expect(events.map((e) => e.event.type)).toEqual(expect.arrayContaining(['state', 'task', 'log']));
    expect(events.map((e) => e.event.text).join('\n')).toContain('TASK OK');
    expect(await statusOf(pve, vmid)).toBe('running');

    // After the end, the page no longer shows it running; its recent operations list the result.
    const after = await reloaded.page(`/containers/${a.nodeId}/${vmid}?tab=history`);
    expect(after.html).not.toContain('data-testid="operation-running"');
    expect(after.html).toContain(`/operations/${id}`);
    expect(after.html).toContain('data-state="succeeded"');
    const list = await reloaded.page('/operations');
    expect(list.html).toContain(`/operations/${id}`);
    expect(list.html).toContain('outlives-web');
  });
});
