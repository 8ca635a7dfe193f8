import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '@kiln/core';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import { clusterKeyOf, pollCluster, readInventory, readSnapshots, resourcesKey, type ClusterSnapshot } from '@kiln/services';
import type { PveClient } from '@kiln/pve';
import type { Simulator } from '../helpers/sim';
import { closeSim, createCt, owner, startSim, type Owner } from './containers-fixture';

// Pages reuse a parsed snapshot while the poller's version of it is unchanged: these tests make
// sure that never shows stale data.
const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
/** A cluster no page has looked at, so only the test polls it. */
let quietKey: string;

beforeAll(async () => {
  ({ sim, pve } = await startSim());
  a = await owner(webUrl, sim);
  const b = await owner(webUrl, sim);
  quietKey = clusterKeyOf(await getDb().node.findUniqueOrThrow({ where: { id: b.nodeId } }));
});

afterAll(() => closeSim({ sim, pve }));

const poller = () => ({ db: getDb(), redis: getRedis(), log: createLogger('test', 'error'), workerId: 'test' });

describe('cached cluster snapshots', () => {
  it('show a new container on the containers page after the next poll', async () => {
    expect((await a.web.page('/containers')).html).not.toContain('cache-newcomer');
    await createCt(pve, 'cache-newcomer');
    const deadline = Date.now() + 30_000;
    let html = '';
    while (Date.now() < deadline && !html.includes('cache-newcomer')) {
      await new Promise((r) => setTimeout(r, 1000));
      html = (await a.web.page('/containers')).html;
    }
    expect(html).toContain('cache-newcomer');
  });

  it('are parsed once per poll: the same snapshot until the poller writes a newer one', async () => {
    await pollCluster(poller(), quietKey);
    const [first] = await readSnapshots(getRedis(), [quietKey]);
    const [again] = await readSnapshots(getRedis(), [quietKey]);
    expect(first).not.toBeNull();
    expect(again).toBe(first);
    const polled = await pollCluster(poller(), quietKey);
    const [next] = await readSnapshots(getRedis(), [quietKey]);
    expect(next).not.toBe(first);
    expect(next!.attemptedAt).toBeGreaterThanOrEqual(polled!.attemptedAt);
  });

  it('are parsed once for all the page views that see a new version at the same moment', async () => {
    await pollCluster(poller(), quietKey);
    const reads = await Promise.all(Array.from({ length: 10 }, () => readSnapshots(getRedis(), [quietKey])));
    const [first] = reads[0]!;
    expect(first).not.toBeNull();
    for (const [snap] of reads) expect(snap).toBe(first);
  });

  it('give the same inventory rows while nothing changed, so pages derive their views once per poll', async () => {
    // The worker polls this user's cluster every few seconds: retry until two reads fall between polls.
    for (let attempt = 0; ; attempt++) {
      const one = await readInventory(getDb(), getRedis(), a.user.id);
      const two = await readInventory(getDb(), getRedis(), a.user.id);
      expect(one.rows.length).toBeGreaterThan(0);
      if (two.clusters.every((c, i) => c.snapshot === one.clusters[i]!.snapshot)) {
        expect(two.rows).toBe(one.rows);
        break;
      }
      expect(attempt).toBeLessThan(10);
    }
  });

  it('give new rows when a Kiln row changes between polls (a creation moves to its next step)', async () => {
    const db = getDb();
    const row = await db.container.create({
      data: { userId: a.user.id, nodeId: a.nodeId, vmid: 999_001, hostname: 'cache-creating', pveNode: 'pve1', lifecycle: 'creating', spec: {} },
    });
    try {
      for (let attempt = 0; ; attempt++) {
        const one = await readInventory(db, getRedis(), a.user.id);
        await db.container.update({ where: { id: row.id }, data: { hostname: 'cache-renamed', lifecycle: 'error' } });
        const two = await readInventory(db, getRedis(), a.user.id);
        if (two.clusters.every((c, i) => c.snapshot === one.clusters[i]!.snapshot)) {
          expect(one.rows.find((r) => r.vmid === 999_001)).toMatchObject({ name: 'cache-creating', status: 'creating' });
          expect(two.rows).not.toBe(one.rows);
          expect(two.rows.find((r) => r.vmid === 999_001)).toMatchObject({ name: 'cache-renamed', status: 'error' });
          break;
        }
        await db.container.update({ where: { id: row.id }, data: { hostname: 'cache-creating', lifecycle: 'creating' } });
        expect(attempt).toBeLessThan(10);
      }
    } finally {
      await db.container.delete({ where: { id: row.id } });
    }
  });

  it('load several clusters that changed at once, each with its own snapshot', async () => {
    const keys = [`${a.user.id}:n:multi-1`, `${a.user.id}:n:multi-2`, `${a.user.id}:n:multi-3`];
    for (const [i, key] of keys.entries()) {
      const snap: ClusterSnapshot = {
        clusterKey: key,
        fetchedAt: 1,
        attemptedAt: 1,
        guests: [{ vmid: 100 + i, type: 'lxc', name: `multi-${i}`, node: 'pve1', status: 'running', tags: [], template: false }],
        nodes: [],
      };
      await getRedis().set(resourcesKey(key), JSON.stringify(snap), 'EX', 60);
    }
    await getRedis().set(resourcesKey(keys[1]!), '', 'EX', 60);
    const snaps = await readSnapshots(getRedis(), [...keys, `${a.user.id}:n:multi-none`]);
    expect(snaps.map((s) => s?.guests[0]?.name ?? null)).toEqual(['multi-0', null, 'multi-2', null]);
  });

  it('are read afresh when written without a version (a worker from before the cache)', async () => {
    const key = `${a.user.id}:n:legacy`;
    const snap = (name: string): ClusterSnapshot => ({
      clusterKey: key,
      fetchedAt: 1,
      attemptedAt: 1,
      guests: [{ vmid: 100, type: 'lxc', name, node: 'pve1', status: 'running', tags: [], template: false }],
      nodes: [],
    });
    await getRedis().set(resourcesKey(key), JSON.stringify(snap('before')), 'EX', 60);
    expect((await readSnapshots(getRedis(), [key]))[0]?.guests[0]?.name).toBe('before');
    await getRedis().set(resourcesKey(key), JSON.stringify(snap('after')), 'EX', 60);
    expect((await readSnapshots(getRedis(), [key]))[0]?.guests[0]?.name).toBe('after');
  });
});
