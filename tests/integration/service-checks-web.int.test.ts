import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '@kiln/core';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis, getRedis } from '@kiln/redis';
import { clusterKeyOf, closePveClients, pollCluster } from '@kiln/services';
import { registerSimNode } from '../helpers/provisioning';
import { startTestSim, type Simulator } from '../helpers/sim';
import { signedIn } from '../helpers/users';

// The Checks tab and its server actions through the built app: the owner adds, edits, pauses
// and deletes; another user sees nothing and changes nothing.
const webUrl = inject('webUrl');
let sim: Simulator;
let a: Awaited<ReturnType<typeof signedIn>>;
let b: Awaited<ReturnType<typeof signedIn>>;
let nodeId: string;
let vmid: number;

beforeAll(async () => {
  sim = await startTestSim({ nodes: ['pve1'], seed: 41 });
  [a, b] = await Promise.all([signedIn(webUrl), signedIn(webUrl)]);
  const node = await registerSimNode(a.u, sim);
  nodeId = node.id;
  const snap = await pollCluster({ db: getDb(), redis: getRedis(), log: createLogger('test', 'error'), workerId: 'test' }, clusterKeyOf(node));
  const guest = snap!.guests.find((g) => g.type === 'lxc' && g.status === 'running' && !g.template)!;
  vmid = guest.vmid;
  await getDb().container.create({ data: { userId: a.u.id, nodeId, vmid, hostname: guest.name, pveNode: guest.node, lifecycle: 'ready', spec: {}, readyAt: new Date(), adoptedAt: new Date() } });
});

afterAll(async () => {
  await sim?.close();
  await closePveClients();
  await closeDb();
  await closeRedis();
});

describe.skipIf(!webUrl)('the Checks tab', () => {
  it('the owner adds a check (validated), sees it on the container page, edits, pauses and deletes it; B can do none of it', async () => {
    const bad = await a.c.action('createCheckAction', { nodeId, vmid, name: 'web', kind: 'http', port: 70_000 });
    expect(bad.data).toBeUndefined();
    expect(bad.raw).toContain('port');
    const created = await a.c.action<{ id: string }>('createCheckAction', { nodeId, vmid, name: 'Homepage', kind: 'https', port: '8443', path: '/status', keyword: 'ok' });
    const id = created.data!.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const page = await a.c.page(`/containers/${nodeId}/${vmid}?tab=checks`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-check="Homepage"');
    expect(page.html).toContain('https://container:8443/status');

    // B: not their node, so no check, no tab content, no change.
    const theirs = await b.c.page(`/containers/${nodeId}/${vmid}?tab=checks`);
    expect(theirs.html).not.toContain('Homepage');
    expect((await b.c.action('createCheckAction', { nodeId, vmid, name: 'x', kind: 'tcp', port: 22 })).data).toBeUndefined();
    expect((await b.c.action('updateCheckAction', { id, name: 'hijacked', kind: 'tcp', port: 22 })).data).toBeUndefined();
    expect((await b.c.action('pauseCheckAction', { id, enabled: false })).data).toBeUndefined();
    expect((await b.c.action('deleteCheckAction', { id })).data).toBeUndefined();
    expect(await getDb().serviceCheck.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: 'Homepage', enabled: true });

    expect((await a.c.action('updateCheckAction', { id, name: 'Homepage', kind: 'https', port: '8443', path: '/health', intervalSeconds: '30' })).data).toEqual({ ok: true });
    expect(await getDb().serviceCheck.findUniqueOrThrow({ where: { id } })).toMatchObject({ path: '/health', intervalSeconds: 30, keyword: null });
    expect((await a.c.action('pauseCheckAction', { id, enabled: false })).data).toEqual({ ok: true });
    expect((await a.c.page(`/containers/${nodeId}/${vmid}?tab=checks`)).html).toMatch(/data-testid="check-status"[^>]*>paused</);
    expect((await a.c.action('deleteCheckAction', { id })).data).toEqual({ ok: true });
    expect(await getDb().serviceCheck.count({ where: { id } })).toBe(0);
  });
});
