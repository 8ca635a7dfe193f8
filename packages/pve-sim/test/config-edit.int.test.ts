import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { returnsViolations } from './helpers/returns';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

let t: TestSim;

beforeAll(async () => {
  t = await startTestSim({ taskDurationMs: 100 });
  const upid = await t.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 310, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', hostname: 'edit-310', memory: 512 });
  expect(await t.waitTask(upid)).toBe('OK');
});
afterAll(async () => {
  await t?.close();
});

const base = '/nodes/pve1/lxc/310';
type Item = { key: string; value?: unknown; pending?: unknown; delete?: number };
const config = (params: Record<string, unknown> = {}): Promise<Record<string, unknown>> => t.api.data('GET', `${base}/config`, params);

describe('config edits (update_vm, pending, resize)', () => {
  it('a running container takes memory live and keeps hostname pending until it stops', async () => {
    expect(await t.waitTask(await t.api.data<string>('POST', `${base}/status/start`))).toBe('OK');
    await t.api.data('PUT', `${base}/config`, { memory: 1024, hostname: 'renamed', onboot: 1 });
    const pending = await t.api.data<Item[]>('GET', `${base}/pending`);
    expect(returnsViolations('GET', '/nodes/{node}/lxc/{vmid}/pending', pending).filter((v) => !/value|pending/.test(v))).toEqual([]);
    expect(pending.find((i) => i.key === 'memory')).toEqual({ key: 'memory', value: 1024 });
    expect(pending.find((i) => i.key === 'hostname')).toEqual({ key: 'hostname', value: 'edit-310', pending: 'renamed' });
    expect(pending.find((i) => i.key === 'onboot')).toEqual({ key: 'onboot', value: 1 });
    expect(pending.some((i) => i.key === 'digest')).toBe(true);

    expect((await config())['hostname']).toBe('renamed');
    expect((await config({ current: 1 }))['hostname']).toBe('edit-310');

    await t.api.data('PUT', `${base}/config`, { delete: 'onboot,nameserver' });
    await t.api.data('PUT', `${base}/config`, { nameserver: '1.1.1.1' });
    await t.api.data('PUT', `${base}/config`, { revert: 'nameserver' });
    const after = await t.api.data<Item[]>('GET', `${base}/pending`);
    expect(after.find((i) => i.key === 'nameserver')).toBeUndefined();
    expect(after.find((i) => i.key === 'onboot')).toBeUndefined();

    expect(await t.waitTask(await t.api.data<string>('POST', `${base}/status/stop`))).toBe('OK');
    const applied = await t.api.data<Item[]>('GET', `${base}/pending`);
    expect(applied.filter((i) => i.pending !== undefined || i.delete !== undefined)).toEqual([]);
    expect((await config({ current: 1 }))['hostname']).toBe('renamed');
  });

  it('plugs a new mount point into a running container; a change or removal of one waits until it stops, and leaves the volume unused', async () => {
    expect(await t.waitTask(await t.api.data<string>('POST', `${base}/status/start`))).toBe('OK');
    await t.api.data('PUT', `${base}/config`, { mp0: 'local-lvm:1,mp=/data' });
    const plugged = String((await config({ current: 1 }))['mp0']);
    expect(plugged).toMatch(/^local-lvm:vm-310-disk-\d+,mp=\/data,size=1G$/);
    const volume = plugged.split(',')[0];

    await t.api.data('PUT', `${base}/config`, { mp0: `${volume},mp=/srv/data,ro=1,size=1G` });
    expect((await t.api.data<Item[]>('GET', `${base}/pending`)).find((i) => i.key === 'mp0')?.pending).toBe(`${volume},mp=/srv/data,ro=1,size=1G`);
    expect((await config({ current: 1 }))['mp0']).toBe(plugged);
    await t.api.data('PUT', `${base}/config`, { delete: 'mp0' });
    expect((await t.api.data<Item[]>('GET', `${base}/pending`)).find((i) => i.key === 'mp0')?.delete).toBe(1);

    expect(await t.waitTask(await t.api.data<string>('POST', `${base}/status/stop`))).toBe('OK');
    const after = await config({ current: 1 });
    expect(after['mp0']).toBeUndefined();
    expect(after['unused0']).toBe(volume);
  });

  it('refuses a change made against an outdated digest', async () => {
    const { digest } = (await config()) as { digest: string };
    await t.api.data('PUT', `${base}/config`, { cores: 2, digest });
    const stale = await t.api.put(`${base}/config`, { cores: 3, digest });
    expect([stale.status, stale.reason]).toEqual([500, 'detected modified configuration - file changed by other user? Try again.']);
    expect((await config())['cores']).toBe(2);
  });

  it('grows a disk with +size and refuses to shrink it', async () => {
    const upid = await t.api.data<string>('PUT', `${base}/resize`, { disk: 'rootfs', size: '+1G' });
    expect(upid).toMatch(/:resize:310:/);
    expect(await t.waitTask(upid)).toBe('OK');
    expect((await config())['rootfs']).toBe('local-lvm:vm-310-disk-0,size=5G');
    const vol = await t.api.data<{ size: number }>('GET', '/nodes/pve1/storage/local-lvm/content/local-lvm:vm-310-disk-0');
    expect(vol.size).toBe(5 * 1024 ** 3);

    const shrink = await t.api.put(`${base}/resize`, { disk: 'rootfs', size: '2G' });
    expect([shrink.status, shrink.reason]).toEqual([500, 'unable to shrink disk size']);
    const same = await t.api.put(`${base}/resize`, { disk: 'rootfs', size: '5G' });
    expect(same.reason).toBe('disk is already at specified size');
    const missing = await t.api.put(`${base}/resize`, { disk: 'mp0', size: '+1G' });
    expect(missing.reason).toBe("disk 'mp0' does not exist");
    const bad = await t.api.put(`${base}/resize`, { disk: 'rootfs', size: '-1G' });
    expect(bad.status).toBe(400);
  });

  it('lists the node bridges with their VLAN awareness', async () => {
    const bridges = await t.api.data<Array<Record<string, unknown>>>('GET', '/nodes/pve1/network', { type: 'bridge' });
    expect(bridges.map((b) => [b['iface'], b['bridge_vlan_aware'] ?? 0])).toEqual([
      ['vmbr0', 0],
      ['vmbr1', 1],
    ]);
    const all = await t.api.data<Array<{ type: string }>>('GET', '/nodes/pve1/network');
    expect(all.map((i) => i.type)).toContain('eth');
  });
});
