import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb, type AlertKind } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { alertPeriods, clusterKeyOf } from '@kiln/services';
import { makeUser } from '../helpers/users';

/**
 * The alert periods a container's and a node's charts shade, from the Alert rows of the real
 * database: only the target's, only within the range (open ones always), and only the owner's.
 * B, who was shared A's node, and C, who has an alert of their own about the same VMID, see none
 * of A's.
 */
type User = Awaited<ReturnType<typeof makeUser>>;
let a: User;
let b: User;
let c: User;
let nodeA: string;
let nodeC: string;
const HOUR = 3600_000;
const now = Date.now();
const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);

async function alert(userId: string, clusterKey: string, data: { kind?: AlertKind; title: string; vmid?: number; pveNode?: string; firedAt: Date; resolvedAt?: Date }) {
  const key = `${clusterKey}|${data.title}`;
  return getDb().alert.create({
    data: {
      userId,
      clusterKey,
      kind: data.kind ?? 'container_stopped',
      conditionKey: key,
      openKey: data.resolvedAt ? null : key,
      state: data.resolvedAt ? 'resolved' : 'firing',
      title: data.title,
      vmid: data.vmid ?? null,
      pveNode: data.pveNode ?? null,
      firedAt: data.firedAt,
      resolvedAt: data.resolvedAt ?? null,
    },
  });
}

beforeAll(async () => {
  const db = getDb();
  [a, b, c] = await Promise.all([makeUser(), makeUser(), makeUser()]);
  const na = await db.node.create({ data: { userId: a.id, name: `n-${a.username}`, host: '192.0.2.1', tokenId: 'root@pam!kiln', tokenSecretEnc: 'sealed' } });
  const nc = await db.node.create({ data: { userId: c.id, name: `n-${c.username}`, host: '192.0.2.3', tokenId: 'root@pam!kiln', tokenSecretEnc: 'sealed' } });
  nodeA = na.id;
  nodeC = nc.id;
  await db.nodeShare.create({ data: { nodeId: nodeA, userId: b.id, role: 'operator', createdById: a.id } });
  const ka = clusterKeyOf(na);
  await alert(a.id, ka, { title: 'ct 101 stopped, long ago', vmid: 101, firedAt: at(30), resolvedAt: at(29) });
  await alert(a.id, ka, { title: 'ct 101 stopped, this morning', vmid: 101, firedAt: at(5), resolvedAt: at(4) });
  await alert(a.id, ka, { kind: 'cpu', title: 'ct 101 cpu, open', vmid: 101, firedAt: at(50) });
  await alert(a.id, ka, { title: 'ct 102 stopped', vmid: 102, firedAt: at(3) });
  await alert(a.id, ka, { kind: 'node_offline', title: 'pve1 down', pveNode: 'pve1', firedAt: at(2), resolvedAt: at(1) });
  await alert(a.id, ka, { kind: 'cpu', title: 'ct 103 on pve1 cpu', vmid: 103, pveNode: 'pve1', firedAt: at(2) });
  await alert(c.id, clusterKeyOf(nc), { title: 'C’s ct 101 stopped', vmid: 101, firedAt: at(1) });
});

afterAll(async () => {
  await closeDb();
  await closeRedis();
});

const titles = (p: { title: string }[]) => p.map((x) => x.title);

describe('alert periods for the charts', () => {
  it('gives a container’s periods in the range, oldest first, open ones running on', async () => {
    const day = await alertPeriods(getDb(), a.id, { nodeId: nodeA, vmid: 101 }, at(24));
    expect(titles(day)).toEqual(['ct 101 cpu, open', 'ct 101 stopped, this morning']);
    expect(day[0]!.to).toBeNull();
    expect(day[1]).toMatchObject({ kind: 'container_stopped', from: at(5).getTime(), to: at(4).getTime() });
    const week = await alertPeriods(getDb(), a.id, { nodeId: nodeA, vmid: 101 }, at(24 * 7));
    expect(titles(week)).toEqual(['ct 101 cpu, open', 'ct 101 stopped, long ago', 'ct 101 stopped, this morning']);
  });

  it('gives a node the alerts about the node itself, not its containers’', async () => {
    expect(titles(await alertPeriods(getDb(), a.id, { nodeId: nodeA, pveNode: 'pve1' }, at(24)))).toEqual(['pve1 down']);
    expect(await alertPeriods(getDb(), a.id, { nodeId: nodeA, pveNode: 'pve2' }, at(24))).toEqual([]);
  });

  it('never gives another user A’s periods, shared node or not', async () => {
    expect(await alertPeriods(getDb(), b.id, { nodeId: nodeA, vmid: 101 }, at(24 * 7))).toEqual([]);
    expect(await alertPeriods(getDb(), b.id, { nodeId: nodeA, pveNode: 'pve1' }, at(24 * 7))).toEqual([]);
    // C asks about A's node: nothing; about their own node: their own alert only.
    expect(await alertPeriods(getDb(), c.id, { nodeId: nodeA, vmid: 101 }, at(24 * 7))).toEqual([]);
    expect(titles(await alertPeriods(getDb(), c.id, { nodeId: nodeC, vmid: 101 }, at(24 * 7)))).toEqual(['C’s ct 101 stopped']);
    // A through C's node id: nothing either.
    expect(await alertPeriods(getDb(), a.id, { nodeId: nodeC, vmid: 101 }, at(24 * 7))).toEqual([]);
  });
});
