import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '../../packages/db/src/index';
import { closeRedis, getRedis } from '../../packages/redis/src/index';
import { closePveClients, clusterKeyOf, resourcesKey } from '../../packages/services/src/index';
import type { PveClient } from '../../packages/pve/src/index';
import type { Simulator } from '../helpers/sim';
import { lxcOn, owner, startSim, type Owner } from './containers-fixture';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;

beforeAll(async () => {
  ({ sim, pve } = await startSim());
  a = await owner(webUrl, sim);
});

afterAll(async () => {
  await pve?.close();
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

/** Waits until the worker's poller has cached the cluster (the table page asks it to). */
async function waitForSnapshot(): Promise<void> {
  const node = await getDb().node.findUniqueOrThrow({ where: { id: a.nodeId } });
  for (let i = 0; i < 60; i++) {
    if (await getRedis().exists(resourcesKey(clusterKeyOf(node)))) return;
    await a.web.page('/containers');
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the inventory snapshot never appeared');
}

describe('the container page with a hung Proxmox node', () => {
  it('renders from the cached inventory within a few seconds and says live data is unavailable', async () => {
    const ct = (await lxcOn(pve, 'pve1', 'running'))[0]!;
    await waitForSnapshot();
    // Every per-container call hangs far longer than any page may wait.
    for (const path of ['/nodes/*/lxc/*/status/current', '/nodes/*/lxc/*/config', '/nodes/*/lxc/*/interfaces']) {
      sim.injectFailure({ method: 'GET', path, status: 595, message: 'node hung', hangMs: 60_000, times: Number.POSITIVE_INFINITY });
    }
    // Without a bound the page waits for each call's own timeout in turn (16 s and more).
    const page = await a.web.fetch(`/containers/${a.nodeId}/${ct.vmid}`, { signal: AbortSignal.timeout(12_000) });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(ct.name);
    expect(html).toContain('Live data is unavailable');
    expect(html).toMatch(/Showing data from/);
  });
});
