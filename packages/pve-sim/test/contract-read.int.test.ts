import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpMethod } from '../src/schema/types';
import { returnsViolations } from './helpers/returns';
import { eventually, startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

let t: TestSim;
let running: number;
let stopped: number;
let upid: string;

beforeAll(async () => {
  t = await startTestSim({ nodes: ['pve1', 'pve2'], seedContainersPerNode: 4 });
  const list = await t.api.data<Array<{ vmid: number; status: string }>>('GET', '/nodes/pve1/lxc');
  const up = list.filter((c) => c.status === 'running');
  if (up.length < 2) throw new Error('the seed should have running containers on pve1');
  running = up[0]?.vmid ?? 0;
  stopped = list.find((c) => c.status === 'stopped')?.vmid ?? 0;
  if (!stopped) {
    stopped = up[1]?.vmid ?? 0;
    await t.waitTask(await t.api.data<string>('POST', `/nodes/pve1/lxc/${stopped}/status/stop`));
  }
  upid = await t.api.data<string>('POST', '/nodes/pve1/aplinfo', { storage: 'local', template: 'debian-13-standard_13.1-2_amd64.tar.zst' });
  await t.waitTask(upid);
});
afterAll(async () => {
  await t?.close();
});

/** Every implemented read method, called over HTTPS and checked against its `returns` schema. */
const reads = (): Array<[HttpMethod, string, string, Record<string, unknown>?]> => [
  ['GET', '/version', '/version'],
  ['GET', '/nodes', '/nodes'],
  ['GET', '/nodes/{node}/status', '/nodes/pve2/status'],
  ['GET', '/nodes/{node}/rrddata', '/nodes/pve1/rrddata', { timeframe: 'hour' }],
  ['GET', '/nodes/{node}/rrddata', '/nodes/pve1/rrddata', { timeframe: 'decade', cf: 'MAX' }],
  ['GET', '/cluster/status', '/cluster/status'],
  ['GET', '/cluster/resources', '/cluster/resources'],
  ['GET', '/cluster/nextid', '/cluster/nextid'],
  ['GET', '/nodes/{node}/storage', '/nodes/pve1/storage'],
  ['GET', '/nodes/{node}/storage/{storage}/status', '/nodes/pve1/storage/local-lvm/status'],
  ['GET', '/nodes/{node}/storage/{storage}/content', '/nodes/pve1/storage/local/content', { content: 'vztmpl' }],
  ['GET', '/nodes/{node}/storage/{storage}/content', '/nodes/pve1/storage/local-lvm/content', { content: 'rootdir' }],
  ['GET', '/nodes/{node}/aplinfo', '/nodes/pve1/aplinfo'],
  ['GET', '/nodes/{node}/lxc', '/nodes/pve1/lxc'],
  ['GET', '/nodes/{node}/lxc/{vmid}', `/nodes/pve1/lxc/${stopped}`],
  ['GET', '/nodes/{node}/lxc/{vmid}/config', `/nodes/pve1/lxc/${stopped}/config`],
  ['GET', '/nodes/{node}/lxc/{vmid}/status', `/nodes/pve1/lxc/${stopped}/status`],
  ['GET', '/nodes/{node}/lxc/{vmid}/status/current', `/nodes/pve1/lxc/${stopped}/status/current`],
  ['GET', '/nodes/{node}/lxc/{vmid}/rrddata', `/nodes/pve1/lxc/${stopped}/rrddata`, { timeframe: 'day' }],
  ['GET', '/nodes/{node}/tasks', '/nodes/pve1/tasks', { source: 'all' }],
  ['GET', '/nodes/{node}/tasks/{upid}/status', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`],
  ['GET', '/nodes/{node}/tasks/{upid}/log', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`],
  ['GET', '/access/permissions', '/access/permissions'],
];

describe('read methods match their `returns` schema (over HTTPS)', () => {
  it('every implemented GET answers 200 with schema-conform data', async () => {
    for (const [method, template, path, params] of reads()) {
      const res = await t.api.call(method, path, params);
      expect(res.status, `${path}: ${res.reason}`).toBe(200);
      expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
      // Known loose spots: nextid is declared integer but PVE sends a numeric string; container
      // PSI values are declared numbers but PVE 9 sends the strings it read from /sys ("0.00").
      const psi = ['cpusome', 'cpufull', 'iosome', 'iofull', 'memorysome', 'memoryfull'].flatMap((k) => [`data[].pressure${k}`, `data.pressure${k}`]);
      const violations = returnsViolations(method, template, res.body?.data, { numericStrings: ['data', ...psi] });
      expect(violations, `${method} ${path}`).toEqual([]);
    }
  });

  it('running containers report interfaces with a DHCP address; stopped ones null', async () => {
    const stoppedIfs = await t.api.get(`/nodes/pve1/lxc/${stopped}/interfaces`);
    expect(stoppedIfs.body).toEqual({ data: null });
    const ifs = await t.api.data<Array<{ name: string; inet?: string }>>('GET', `/nodes/pve1/lxc/${running}/interfaces`);
    expect(returnsViolations('GET', '/nodes/{node}/lxc/{vmid}/interfaces', ifs)).toEqual([]);
    expect(ifs.map((i) => i.name)).toEqual(['lo', 'eth0']);
    expect(ifs[1]?.inet).toMatch(/^10\.10\.10\.\d+\/24$/);
  });

  it('sends PVE types on the wire: integer vmids, 0/1 booleans, nextid as a string', async () => {
    const resources = await t.api.data<Array<Record<string, unknown>>>('GET', '/cluster/resources', { type: 'vm' });
    expect(resources.length).toBe(8);
    for (const r of resources) {
      expect(r['id']).toBe(`lxc/${String(r['vmid'])}`);
      expect(typeof r['vmid']).toBe('number');
      expect([0, 1]).toContain(r['template']);
    }
    expect(typeof (await t.api.data('GET', '/cluster/nextid'))).toBe('string');
    const config = await t.api.data<Record<string, unknown>>('GET', `/nodes/pve1/lxc/${stopped}/config`);
    expect(config['unprivileged']).toBe(1);
    expect(typeof config['memory']).toBe('number');
    expect(config['digest']).toMatch(/^[0-9a-f]{40}$/);
  });

  it('lists every node, storage and the localnetwork zone per node when allowed', async () => {
    const admin = await startTestSim({ nodes: ['a1', 'a2', 'a3'], tokens: [{ id: 'root@pam!all', privsep: false }] });
    try {
      const all = await admin.api.data<Array<{ type: string; id: string }>>('GET', '/cluster/resources');
      expect(all.filter((r) => r.type === 'node').map((r) => r.id)).toEqual(['node/a1', 'node/a2', 'node/a3']);
      expect(all.filter((r) => r.type === 'storage')).toHaveLength(6);
      expect(all.filter((r) => r.type === 'network').map((r) => r.id)).toEqual(['network/a1/zone/localnetwork', 'network/a2/zone/localnetwork', 'network/a3/zone/localnetwork']);
      const status = await admin.api.data<Array<{ type: string; nodes?: number; local?: number }>>('GET', '/cluster/status');
      expect(status[0]).toMatchObject({ type: 'cluster', nodes: 3, quorate: 1 });
      expect(status.filter((s) => s.local === 1)).toHaveLength(1);
    } finally {
      await admin.close();
    }
  });

  it('task lists carry `total` and honour filters', async () => {
    const res = await t.api.get('/nodes/pve1/tasks', { typefilter: 'download', limit: 1 });
    expect(res.body?.total).toBe(1);
    expect(res.body?.data).toEqual([expect.objectContaining({ upid, type: 'download', status: 'OK' })]);
    expect((await t.api.get('/nodes/pve1/tasks', { vmid: 999 })).body?.data).toEqual([]);
    const log = await t.api.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { start: 1, limit: 2 });
    expect(log.body?.data).toEqual([
      { n: 2, t: expect.stringContaining('target file') },
      { n: 3, t: expect.any(String) },
    ]);
    expect(log.body?.total).toBeGreaterThan(3);
  });

  it('storage numbers move when a disk is allocated', async () => {
    const before = await t.api.data<{ used: number; total: number; avail: number }>('GET', '/nodes/pve2/storage/local-lvm/status');
    expect(before.used + before.avail).toBe(before.total);
    const task = await t.api.data<string>('POST', '/nodes/pve2/lxc', { vmid: 4242, ostemplate: TEMPLATE, rootfs: 'local-lvm:64' });
    expect(await t.waitTask(task)).toBe('OK');
    const after = await eventually(async () => {
      const st = await t.api.data<{ used: number }>('GET', '/nodes/pve2/storage/local-lvm/status');
      return st.used > before.used ? st : undefined;
    });
    expect(after.used).toBeGreaterThan(before.used);
    const content = await t.api.data<Array<{ volid: string; vmid?: number; size: number }>>('GET', '/nodes/pve2/storage/local-lvm/content', { vmid: 4242 });
    expect(content).toEqual([expect.objectContaining({ volid: 'local-lvm:vm-4242-disk-0', vmid: 4242, size: 64 * 1024 ** 3 })]);
  });

  it('filters storages by content and allocates named volumes', async () => {
    const rootdir = await t.api.data<Array<{ storage: string; content: string }>>('GET', '/nodes/pve1/storage', { content: 'rootdir' });
    expect(rootdir).toEqual([expect.objectContaining({ storage: 'local-lvm', content: 'images,rootdir' })]);
    const volid = await t.api.data<string>('POST', '/nodes/pve1/storage/local-lvm/content', { vmid: 4243, filename: 'vm-4243-disk-7', size: '2G' });
    expect(volid).toBe('local-lvm:vm-4243-disk-7');
    const bad = await t.api.post('/nodes/pve1/storage/local-lvm/content', { vmid: 4243, filename: 'other-disk', size: '2G' });
    expect(bad.body?.errors).toEqual({ filename: "illegal name 'other-disk' - should be 'vm-4243-*'" });
    const badSize = await t.api.post('/nodes/pve1/storage/local-lvm/content', { vmid: 4243, filename: 'vm-4243-disk-8', size: '2T' });
    expect(badSize.body?.errors).toEqual({ size: 'value does not match the regex pattern' });
  });
});
