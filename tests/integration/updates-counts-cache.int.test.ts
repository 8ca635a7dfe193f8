// The containers table's update counts are kept by stamp, so an open page costs one Redis MGET per
// view and no database query, also for a cluster that was never checked (its stamp starts at 0 on
// the first view); a check that ends moves the stamp, and the next view with the same rows shows it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherSetting } from '../../scripts/lib/config';
import { applyEnvironment } from '../setup/env';

applyEnvironment({ REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}ucc-${randomUUID().slice(0, 8)}:` });

const { getDb } = await import('@kiln/db');
const { getRedis } = await import('@kiln/redis');
const svc = await import('@kiln/services');
const { makeUser } = await import('../helpers/users');
const { registerSimNode } = await import('../helpers/provisioning');
const { closeSim, createCt, startSim } = await import('./containers-fixture');

type Fixture = Awaited<ReturnType<typeof startSim>>;
let fx: Fixture;
let user: Awaited<ReturnType<typeof makeUser>>;
let node: Awaited<ReturnType<typeof registerSimNode>>;
const deps = () => ({ db: getDb(), redis: getRedis() });

beforeAll(async () => {
  fx = await startSim({ seed: 0 });
  user = await makeUser();
  node = await registerSimNode(user, fx.sim);
});

afterAll(async () => {
  await closeSim(fx);
});

describe('update counts of the containers table', () => {
  it('start a never-checked cluster at stamp 0 and show a later check to the same rows', async () => {
    const vmid = await createCt(fx.pve, 'ucc-web', { start: true });
    const clusterKey = svc.clusterKeyOf(node);
    // One rows array, as the inventory reader hands out between two polls.
    const inventory = { clusters: [{ clusterKey, nodes: [node] }], rows: [{ nodeId: node.id, vmid }] } as never;

    const before = await svc.updateCountsFor(deps(), inventory);
    expect(before.counts.size).toBe(0);
    expect(before.stamp).toBe(`${clusterKey}=0`);
    expect(await getRedis().get(svc.updatesStampKey(clusterKey))).toBe('0');
    expect(await getRedis().ttl(svc.updatesStampKey(clusterKey))).toBeGreaterThan(0);

    await svc.serveUpdateCheck(deps(), { userId: user.id, nodeId: node.id, vmid });
    const after = await svc.updateCountsFor(deps(), inventory);
    expect(after.stamp).toBe(`${clusterKey}=1`);
    expect(after.counts.get(`${node.id}:${vmid}`)).toMatchObject({ pending: expect.any(Number), error: false });
  });
});
