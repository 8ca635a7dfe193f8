import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { closePveClients, clusterKeyOf } from '@kiln/services';
import type { PveClient } from '@kiln/pve';
import type { Simulator } from '../helpers/sim';
import { createCt, lxcOn, owner, startSim, type Owner } from './containers-fixture';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
/** Containers this file creates: the seeded ones have a known past, these do not. */
const createdHere = new Set<number>();

interface Point {
  t: number;
  cpu: number | null;
  mem: number | null;
  maxmem: number | null;
  netin: number | null;
  diskwrite: number | null;
}
interface Metrics {
  timeframe: string;
  points: Point[];
  maxcpu?: number;
  alerts: { title: string; from: number; to: number | null }[];
}

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

const metrics = (vmid: number, timeframe: string) => a.web.action<Metrics>('containerMetricsAction', { nodeId: a.nodeId, vmid, timeframe });

describe('metrics from rrddata', () => {
  it('returns every timeframe for a running container, downsampled to chart size', async () => {
    const ct = (await lxcOn(pve, 'pve2', 'running'))[0]!;
    for (const [tf, n] of [
      ['hour', 60],
      ['day', 360],
      ['week', 336],
      ['month', 360],
      ['year', 360],
    ] as const) {
      const r = await metrics(ct.vmid, tf);
      expect(r.data?.timeframe).toBe(tf);
      expect(r.data!.points.length).toBe(n);
      const last = r.data!.points.at(-1)!;
      expect(last.cpu).toBeGreaterThanOrEqual(0);
      expect(last.mem).toBeGreaterThan(0);
    }
  });

  it('spans PVE’s year: 1440 points of 6 hours (360 days), averaged four to a chart point', async () => {
    const ct = (await lxcOn(pve, 'pve2', 'running'))[0]!;
    const pts = (await metrics(ct.vmid, 'year')).data!.points;
    expect(pts[1]!.t - pts[0]!.t).toBe(4 * 6 * 3600_000);
    expect(pts.at(-1)!.t - pts[0]!.t).toBe(359 * 24 * 3600_000);
    expect(Date.now() - pts.at(-1)!.t).toBeLessThan(2 * 24 * 3600_000);
  });

  it('comes with the periods the container’s alerts were open in the range', async () => {
    const ct = (await lxcOn(pve, 'pve2', 'running'))[0]!;
    const node = await getDb().node.findUniqueOrThrow({ where: { id: a.nodeId } });
    const key = `${clusterKeyOf(node)}|ct|${ct.vmid}|container_stopped`;
    const firedAt = new Date(Date.now() - 3 * 3600_000);
    const resolvedAt = new Date(Date.now() - 2 * 3600_000);
    await getDb().alert.create({
      data: { userId: a.user.id, kind: 'container_stopped', conditionKey: key, clusterKey: clusterKeyOf(node), state: 'resolved', title: 'stopped earlier', vmid: ct.vmid, firedAt, resolvedAt },
    });
    expect((await metrics(ct.vmid, 'hour')).data?.alerts).toEqual([]);
    expect((await metrics(ct.vmid, 'day')).data?.alerts).toMatchObject([{ title: 'stopped earlier', from: firedAt.getTime(), to: resolvedAt.getTime() }]);
  });

  it('keeps gaps as gaps: a new container has no samples before it existed, and none while stopped', async () => {
    const vmid = await createCt(pve, 'fresh-metrics', { start: true });
    createdHere.add(vmid);
    // pvestatd's next broadcast creates the RRD file; until then PVE has no samples at all.
    let r = await metrics(vmid, 'hour');
    for (let i = 0; i < 40 && r.data?.points.length === 0; i++) {
      await new Promise((res) => setTimeout(res, 250));
      r = await metrics(vmid, 'hour');
    }
    const pts = r.data!.points;
    expect(pts.length).toBe(60);
    // The hour before the container existed: every value is null, never 0.
    const before = pts.slice(0, 55);
    expect(before.every((p) => p.cpu === null && p.mem === null && p.netin === null && p.maxmem === null)).toBe(true);
    expect(pts.some((p) => p.cpu === 0)).toBe(false);
  });

  it('a stopped container has memory limits but no usage in its stopped buckets', async () => {
    // A seeded container, stopped for hours (the seed stops some 0.2 to 3 days back), asked by its
    // live status. Not the cluster list's word: the container created above was stopped until its
    // start a moment ago, and the list shows that until the next status broadcast.
    const seeded = (await pve.clusterResources('vm')).filter((g) => g.type === 'lxc' && !g.template && !createdHere.has(g.vmid));
    const stopped: typeof seeded = [];
    for (const g of seeded) if ((await pve.lxcStatus(g.node, g.vmid)).status === 'stopped') stopped.push(g);
    expect(stopped.length).toBeGreaterThan(0);
    const r = await metrics(stopped[0]!.vmid, 'hour');
    // The newest bucket may still be open (a gap); the ones before it are complete.
    const complete = r.data!.points.filter((p) => p.maxmem !== null);
    expect(complete.length).toBeGreaterThan(0);
    for (const p of complete) {
      expect(p.cpu).toBeNull();
      expect(p.mem).toBeNull();
      expect(p.maxmem).toBeGreaterThan(0);
    }
  });

  it('returns node-level history for the dashboard charts', async () => {
    for (const pveNode of ['pve1', 'pve2', 'pve3']) {
      const r = await a.web.action<Metrics>('nodeMetricsAction', { nodeId: a.nodeId, pveNode, timeframe: 'day' });
      expect(r.data?.points.length).toBe(360);
      expect(r.data?.points.at(-1)?.mem).toBeGreaterThan(0);
      expect(r.data?.maxcpu).toBeGreaterThan(0);
    }
    // A name outside the cluster has no RRD file: no samples, never made-up ones.
    const unknown = await a.web.action<Metrics>('nodeMetricsAction', { nodeId: a.nodeId, pveNode: 'pve9', timeframe: 'hour' });
    expect(unknown.data?.points ?? []).toEqual([]);
  });

  it('renders the dashboard with a chart slot per online node', async () => {
    const page = await a.web.page('/');
    for (const n of ['pve1', 'pve2', 'pve3']) expect(page.html).toContain(`data-node="${n}"`);
  });
});
