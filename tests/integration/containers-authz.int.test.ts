import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '../../packages/db/src/index';
import { closeRedis } from '../../packages/redis/src/index';
import { closePveClients } from '../../packages/services/src/index';
import { WebClient } from '../helpers/web-client';
import type { PveClient } from '../../packages/pve/src/index';
import type { Simulator } from '../helpers/sim';
import { followOperation, runAction } from '../helpers/operations';
import { createCt, owner, signedIn, startSim, statusOf, type Owner } from './containers-fixture';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let b: { web: WebClient; user: { id: string } };
let vmid: number;

beforeAll(async () => {
  ({ sim, pve } = await startSim());
  a = await owner(webUrl, sim);
  b = await signedIn(webUrl);
  vmid = await createCt(pve, 'a-only', { start: true });
});

afterAll(async () => {
  await pve?.close();
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

/** Every container server action, with user A's container as its target. */
const calls = (): [string, Record<string, unknown>][] => [
  ['containerPowerAction', { nodeId: a.nodeId, vmid, op: 'stop' }],
  ['deleteContainerAction', { nodeId: a.nodeId, vmid, force: true }],
  ['bulkPowerAction', { op: 'stop', targets: [{ nodeId: a.nodeId, vmid }] }],
  ['containerMetricsAction', { nodeId: a.nodeId, vmid, timeframe: 'hour' }],
  ['nodeMetricsAction', { nodeId: a.nodeId, pveNode: 'pve1', timeframe: 'hour' }],
  ['listServicesAction', { nodeId: a.nodeId, vmid }],
  ['controlServiceAction', { nodeId: a.nodeId, vmid, unit: 'cron.service', verb: 'stop' }],
  ['serviceJournalAction', { nodeId: a.nodeId, vmid, unit: 'cron.service' }],
  ['containerTaskLogAction', { nodeId: a.nodeId, vmid, upid: `UPID:pve1:00001234:00C0FFEE:67A1B2C3:vzstart:${vmid}:kiln@pve!kiln:` }],
  ['openConsoleAction', { nodeId: a.nodeId, vmid }],
];

describe("user B and user A's container", () => {
  it('A can use every action (the same calls are not refused for the owner)', async () => {
    const r = await a.web.action<{ services: unknown[] }>('listServicesAction', { nodeId: a.nodeId, vmid });
    expect(r.data?.services.length).toBeGreaterThan(0);
    expect((await a.web.action('openConsoleAction', { nodeId: a.nodeId, vmid })).serverError).toBeUndefined();
  });

  it('B cannot act on, read metrics of, list services of, or open a console to it', async () => {
    for (const [name, input] of calls()) {
      const r = await b.web.action(name, input);
      if (name === 'bulkPowerAction') {
        // B's bulk operation is B's own: its one child failed at once with the same answer as a missing node.
        const { view } = await followOperation(b.web, (r.data as { operationId: string }).operationId);
        expect(view.children).toEqual([expect.objectContaining({ state: 'failed', message: 'Node was not found.', nodeId: null })]);
        expect(JSON.stringify(view)).not.toContain('a-only');
      } else {
        expect(r.serverError?.code, name).toBe('NOT_FOUND');
        expect(r.data, name).toBeUndefined();
      }
      // Nothing of A's leaks into the answer.
      expect(r.raw, name).not.toContain('a-only');
    }
    expect(await statusOf(pve, vmid)).toBe('running');
    expect(await getDb().auditEvent.count({ where: { userId: b.user.id, action: { startsWith: 'container.' } } })).toBe(0);
  });

  it("B cannot open A's container page, read A's action progress or follow A's journal", async () => {
    const page = await b.web.page(`/containers/${a.nodeId}/${vmid}`);
    expect(page.html).toContain('Page not found');
    expect(page.html).not.toContain('a-only');
    const done = await runAction(a.web, 'containerPowerAction', { nodeId: a.nodeId, vmid, op: 'reboot' });
    expect(done.data?.ok).toBe(true);
    const id = done.data!.operationId;
    expect((await a.web.fetch(`/api/operations/${id}?after=0`)).status).toBe(200);
    // B can neither read, follow, nor cancel it: the same 404 as an operation that does not exist.
    const theirs = await b.web.fetch(`/api/operations/${id}?after=0`);
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).not.toContain('a-only');
    expect((await b.web.page(`/operations/${id}`)).html).toContain('Page not found');
    expect((await b.web.action('cancelOperationAction', { operationId: id })).serverError?.code).toBe('NOT_FOUND');
    expect((await b.web.page('/operations')).html).not.toContain(id);
    expect((await a.web.page('/operations')).html).toContain(id);
    const journal = await b.web.fetch(`/containers/${a.nodeId}/${vmid}/journal?unit=cron.service`);
    const text = await journal.text();
    expect(text).toContain('event: failure');
    expect(text).toContain('Node was not found.');
    expect(text).not.toContain('event: lines');
  });

  it('without a session every action is refused, and the routes answer 401', async () => {
    const anon = new WebClient(webUrl);
    for (const [name, input] of calls()) expect((await anon.action(name, input)).serverError?.code, name).toBe('UNAUTHENTICATED');
    expect((await anon.fetch(`/api/operations/${randomUUID()}`)).status).toBe(401);
    expect((await anon.fetch(`/containers/${a.nodeId}/${vmid}/journal?unit=cron.service`)).status).toBe(401);
  });

  it("A's audit log lists A's container actions, and B's shows none of them", async () => {
    const aPage = await a.web.page('/settings/audit?action=container.');
    expect(aPage.html).toContain('container.reboot');
    expect(aPage.html).toContain('a-only');
    const bPage = await b.web.page('/settings/audit?action=container.');
    expect(bPage.html).not.toContain('a-only');
  });
});
