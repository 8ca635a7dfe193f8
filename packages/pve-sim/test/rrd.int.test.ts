import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RRD_SETUP } from '../src/state/rrd';
import { eventually, startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

let t: TestSim;
type Point = Record<string, number>;
type Ct = { vmid: number; status: string; maxmem: number };

beforeAll(async () => {
  t = await startTestSim({ seedContainersPerNode: 8 });
});
afterAll(async () => {
  await t?.close();
});

const rrd = (vmid: number, timeframe: string, cf?: string): Promise<Point[]> => t.api.data<Point[]>('GET', `/nodes/pve1/lxc/${vmid}/rrddata`, { timeframe, ...(cf ? { cf } : {}) });

describe('rrddata', () => {
  it('uses PVE 9 resolutions with aligned, contiguous timestamps', async () => {
    const [ct] = await t.api.data<Ct[]>('GET', '/nodes/pve1/lxc');
    for (const [timeframe, [reso, count]] of Object.entries(RRD_SETUP)) {
      if (timeframe === 'decade') continue; // only nodes have a decade archive in the schema
      const points = await rrd(ct?.vmid ?? 0, timeframe);
      expect(points, timeframe).toHaveLength(count);
      points.forEach((p, i) => {
        const time = p['time'] ?? NaN;
        expect(time % reso).toBe(0);
        if (i > 0) expect(time - (points[i - 1]?.['time'] ?? 0)).toBe(reso);
      });
    }
    const node = await t.api.data<Point[]>('GET', '/nodes/pve1/rrddata', { timeframe: 'decade' });
    expect(node).toHaveLength(570);
    for (const p of node) expect(Object.keys(p)).toEqual(expect.arrayContaining(['time', 'cpu', 'memused', 'memtotal', 'netin', 'loadavg']));
  });

  it('omits fields before the container existed and while it was stopped', async () => {
    const cts = await t.api.data<Ct[]>('GET', '/nodes/pve1/lxc');
    let sawGap = false;
    let sawStopped = false;
    for (const ct of cts) {
      const points = await rrd(ct.vmid, 'month');
      const firstData = points.findIndex((p) => 'maxmem' in p);
      expect(firstData).toBeGreaterThanOrEqual(0);
      // before the first sample: points carry only their time, never null values
      for (const p of points.slice(0, firstData)) expect(Object.keys(p)).toEqual(['time']);
      if (firstData > 0) sawGap = true;
      for (const p of points.slice(firstData)) {
        expect(p['maxmem']).toBe(ct.maxmem);
        if ('cpu' in p) {
          expect(p['cpu']).toBeGreaterThanOrEqual(0);
          expect(p['cpu']).toBeLessThanOrEqual(1);
          expect(p['mem']).toBeLessThanOrEqual(ct.maxmem);
        } else {
          sawStopped = true;
          expect(Object.keys(p).sort()).toEqual(['disk', 'maxcpu', 'maxdisk', 'maxmem', 'time']);
        }
      }
      const last = points.at(-1);
      if (ct.status === 'running') expect(last && 'cpu' in last).toBe(true);
      if (ct.status === 'stopped') expect(last && 'cpu' in last).toBe(false);
    }
    expect(sawGap).toBe(true);
    expect(sawStopped).toBe(true);
    expect(JSON.stringify(await rrd(cts[0]?.vmid ?? 0, 'hour'))).not.toContain('null');
  });

  it('MAX is at least AVERAGE, and /cluster/resources agrees with the series scale', async () => {
    const running = (await t.api.data<Ct[]>('GET', '/nodes/pve1/lxc')).find((c) => c.status === 'running');
    expect(running).toBeDefined();
    const avg = await rrd(running?.vmid ?? 0, 'hour');
    const max = await rrd(running?.vmid ?? 0, 'hour', 'MAX');
    avg.forEach((p, i) => {
      if ('cpu' in p) expect(max[i]?.['cpu'] ?? 0).toBeGreaterThanOrEqual(p['cpu'] ?? 0);
    });
    const res = (await t.api.data<Array<Record<string, number>>>('GET', '/cluster/resources', { type: 'vm' })).find((r) => r['vmid'] === running?.vmid);
    expect(res?.['maxmem']).toBe(avg.at(-1)?.['maxmem']);
    expect(res?.['maxcpu']).toBe(avg.at(-1)?.['maxcpu']);
    expect(res?.['cpu']).toBeGreaterThan(0);
  });

  it('answers the RRD error until the first status broadcast of a new container', async () => {
    const slow = await startTestSim({ statusIntervalMs: 60_000 });
    try {
      await slow.waitTask(await slow.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 150, ostemplate: TEMPLATE, rootfs: 'local-lvm:1' }));
      const res = await slow.api.get('/nodes/pve1/lxc/150/rrddata', { timeframe: 'hour' });
      expect(res.status).toBe(500);
      expect(res.body?.message).toBe("RRD error: opening '/var/lib/rrdcached/db/pve-vm-9.0/150': No such file or directory\n");
    } finally {
      await slow.close();
    }
    const fast = await startTestSim({ statusIntervalMs: 100 });
    try {
      await fast.waitTask(await fast.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 151, ostemplate: TEMPLATE, rootfs: 'local-lvm:1' }));
      const points = await eventually(async () => {
        const res = await fast.api.get('/nodes/pve1/lxc/151/rrddata', { timeframe: 'hour' });
        return res.status === 200 ? (res.body?.data as Point[]) : undefined;
      });
      expect(points).toHaveLength(60);
    } finally {
      await fast.close();
    }
  });
});
