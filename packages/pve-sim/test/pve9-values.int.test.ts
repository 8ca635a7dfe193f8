import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

/** Values whose type or shape real PVE 9 nodes send differently from what the schema suggests. */
let t: TestSim;
type Row = Record<string, unknown>;
const PSI = ['pressurecpusome', 'pressurecpufull', 'pressureiosome', 'pressureiofull', 'pressurememorysome', 'pressurememoryfull'];

beforeAll(async () => {
  t = await startTestSim({ seedContainersPerNode: 6, tokens: [{ id: 'root@pam!all', privsep: false }] });
});
afterAll(async () => {
  await t?.close();
});

describe('PVE 9 value types', () => {
  it('container PSI values are two-decimal strings, in the list and in status/current, only while running', async () => {
    const list = await t.api.data<Row[]>('GET', '/nodes/pve1/lxc');
    const running = list.filter((c) => c['status'] === 'running');
    expect(running.length).toBeGreaterThan(0);
    for (const ct of running) for (const key of PSI) expect(ct[key], key).toMatch(/^\d+\.\d\d$/);
    for (const ct of list.filter((c) => c['status'] === 'stopped')) for (const key of PSI) expect(ct[key]).toBeUndefined();
    const current = await t.api.data<Row>('GET', `/nodes/pve1/lxc/${String(running[0]?.['vmid'])}/status/current`);
    for (const key of PSI) expect(typeof current[key]).toBe('string');
  });

  it('rrddata byte averages are fractional, and container rows have no memhost', async () => {
    const vmid = (await t.api.data<Row[]>('GET', '/nodes/pve1/lxc')).find((c) => c['status'] === 'running')?.['vmid'];
    const points = await t.api.data<Row[]>('GET', `/nodes/pve1/lxc/${String(vmid)}/rrddata`, { timeframe: 'hour' });
    const withData = points.filter((p) => 'mem' in p);
    expect(withData.length).toBeGreaterThan(10);
    expect(withData.some((p) => !Number.isInteger(p['mem']))).toBe(true);
    expect(withData.some((p) => !Number.isInteger(p['disk']))).toBe(true);
    for (const p of points) expect(p).not.toHaveProperty('memhost');
    const node = await t.api.data<Row[]>('GET', '/nodes/pve1/rrddata', { timeframe: 'hour' });
    for (const key of ['memused', 'memavailable', 'swapused', 'rootused', 'roottotal']) {
      expect(
        node.some((p) => typeof p[key] === 'number' && !Number.isInteger(p[key])),
        key,
      ).toBe(true);
    }
    // rrdtool prints with 15 significant digits, as Perl's JSON does
    for (const p of node) expect(String(p['memused']).replace(/[.-]/g, '').length).toBeLessThanOrEqual(15);
  });

  it('/cluster/resources: containers carry memhost 0; SDN zones are `network` entries (PVE 9.0.12+)', async () => {
    const all = await t.api.data<Row[]>('GET', '/cluster/resources');
    const cts = all.filter((r) => r['type'] === 'lxc' && r['status'] !== 'unknown');
    expect(cts.length).toBeGreaterThan(0);
    for (const ct of cts) expect(ct['memhost']).toBe(0);
    expect(all.filter((r) => r['type'] === 'sdn')).toEqual([]);
    expect(all.filter((r) => r['type'] === 'network')).toContainEqual({
      id: 'network/pve1/zone/localnetwork',
      network: 'localnetwork',
      'network-type': 'zone',
      node: 'pve1',
      type: 'network',
      status: 'ok',
    });
    const sdnOnly = await t.api.data<Row[]>('GET', '/cluster/resources', { type: 'sdn' });
    expect(sdnOnly.map((r) => r['type'])).toEqual(['network']);
  });

  it('a description reads back with a newline after every line, as PVE parses its `#` lines', async () => {
    const upid = await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 777, ostemplate: TEMPLATE, rootfs: 'local-lvm:1', description: 'first line\n\nthird: with colon\n\n' });
    expect(await t.waitTask(upid)).toBe('OK');
    const config = await t.api.data<Row>('GET', '/nodes/pve1/lxc/777/config');
    expect(config['description']).toBe('first line\n\nthird: with colon\n');
    await t.api.data('PUT', '/nodes/pve1/lxc/777/config', { description: 'edited' });
    expect((await t.api.data<Row>('GET', '/nodes/pve1/lxc/777/config'))['description']).toBe('edited\n');
    await t.api.data('PUT', '/nodes/pve1/lxc/777/config', { description: '\n' });
    expect(await t.api.data<Row>('GET', '/nodes/pve1/lxc/777/config')).not.toHaveProperty('description');
  });
});
