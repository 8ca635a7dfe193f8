import { describe, expect, it } from 'vitest';
import { fixture, fixtureData } from '../../test/fixtures/load';
import { PveError } from '../errors';
import { parseAnswer } from '../parse';
import { permissionsSchema } from './access';
import * as cluster from './cluster';
import * as lxc from './lxc';
import { rrdDataSchema } from './rrd';
import * as storage from './storage';
import * as tasks from './tasks';

const parse = <T>(schema: { safeParse: (v: unknown) => { success: boolean; data?: T; error?: unknown } }, name: string): T => {
  const r = schema.safeParse(fixtureData(name));
  if (!r.success) throw new Error(`${name}: ${String(r.error)}`);
  return r.data as T;
};

describe('cluster schemas', () => {
  it('version of PVE 8 and 9', () => {
    expect(parse(cluster.versionSchema, 'version-pve8')).toEqual({ version: '8.2.4', release: '8.2', repoid: 'faa83925c9641325' });
    expect(parse(cluster.versionSchema, 'version-pve9')).toMatchObject({ release: '9.0', console: 'xtermjs' });
  });

  it('nodes: offline nodes have no stats', () => {
    const nodes = cluster.nodeListSchema.parse(fixtureData('nodes'));
    expect(nodes).toHaveLength(3);
    expect(nodes[0]).toMatchObject({ node: 'pve1', status: 'online', maxcpu: 16, uptime: 1893412 });
    expect(nodes[2]).toMatchObject({ node: 'pve3', status: 'offline' });
    expect(nodes[2]?.cpu).toBeUndefined();
    expect(nodes[2]?.mem).toBeUndefined();
  });

  it('node status: string numbers become numbers, kebab keys camelCase', () => {
    const s = cluster.nodeStatusSchema.parse(fixtureData('node-status-pve8'));
    expect(s.loadavg).toEqual([0.42, 0.37, 0.31]);
    expect(s.cpuinfo?.mhz).toBe(3800);
    expect(s.memory).toEqual({ total: 67317129216, used: 18250235904, free: 49066893312 });
    expect(s.currentKernel?.release).toBe('6.8.12-1-pve');
    expect(s.bootInfo).toEqual({ mode: 'efi', secureboot: false });
  });

  it('cluster status: 0/1 booleans, cluster and standalone', () => {
    const entries = cluster.clusterStatusSchema.parse(fixtureData('cluster-status'));
    expect(entries[0]).toEqual({ type: 'cluster', id: 'cluster', name: 'homelab', nodes: 3, quorate: true, version: 7 });
    expect(entries.filter((e) => e.type === 'node' && e.online)).toHaveLength(2);
    const solo = cluster.clusterStatusSchema.parse(fixtureData('cluster-status-standalone'));
    expect(solo).toEqual([{ type: 'node', id: 'node/pve', name: 'pve', ip: '192.168.1.10', level: '', local: true, nodeid: 0, online: true }]);
  });

  it('cluster resources: discriminated by type, tags sorted, unknown status without stats, other types dropped', () => {
    const all = cluster.clusterResourcesSchema.parse(fixtureData('cluster-resources'));
    expect(all.map((r) => r.id)).toEqual(['lxc/101', 'lxc/102', 'lxc/105', 'lxc/900', 'qemu/100', 'node/pve1', 'node/pve3', 'storage/pve1/local', 'storage/pve1/local-lvm', 'storage/pve3/nfs-iso']);
    const web = all[0];
    if (web?.type !== 'lxc') throw new Error('expected lxc');
    expect(web).toMatchObject({ vmid: 101, status: 'running', template: false, tags: ['prod', 'web'], maxmem: 536870912 });
    const fresh = all.find((r) => r.id === 'lxc/105');
    expect(fresh).toMatchObject({ type: 'lxc', status: 'unknown', tags: [], template: false });
    expect(fresh && 'cpu' in fresh ? fresh.cpu : undefined).toBeUndefined();
    expect(all.find((r) => r.id === 'lxc/900')).toMatchObject({ template: true, tags: ['base', 'Template'] });
    expect(all.find((r) => r.id === 'lxc/102')).toMatchObject({ lock: 'backup' });
    expect(all.find((r) => r.id === 'node/pve1')).toMatchObject({ type: 'node', cgroupMode: 2 });
    expect(all.find((r) => r.id === 'storage/pve1/local')).toMatchObject({ content: ['iso', 'vztmpl', 'backup'], shared: false });
    expect(all.find((r) => r.id === 'storage/pve3/nfs-iso')).toMatchObject({ status: 'unknown', shared: true });
  });

  it('nextid: numeric string -> number', () => {
    expect(cluster.nextIdSchema.parse(fixtureData('nextid'))).toBe(106);
    expect(cluster.nextIdSchema.safeParse('10x').success).toBe(false);
    expect(cluster.nextIdSchema.safeParse('1.5').success).toBe(false);
  });
});

describe('storage schemas', () => {
  it('storages: inactive storage keeps usage undefined', () => {
    const list = storage.storageListSchema.parse(fixtureData('storages'));
    expect(list[0]).toMatchObject({ storage: 'local', active: true, enabled: true, shared: false, content: ['vztmpl', 'iso', 'backup'] });
    expect(list[2]).toMatchObject({ storage: 'nfs-backup', active: false, shared: true });
    expect(list[2]?.total).toBeUndefined();
  });

  it('storage status, content (vmid as string), aplinfo', () => {
    expect(storage.storageStatusSchema.parse(fixtureData('storage-status'))).toMatchObject({ type: 'dir', avail: 81112928256 });
    const tpl = storage.storageContentListSchema.parse(fixtureData('storage-content-vztmpl'));
    expect(tpl[0]?.volid).toBe('local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst');
    const disks = storage.storageContentListSchema.parse(fixtureData('storage-content-rootdir'));
    expect(disks.map((d) => d.vmid)).toEqual([101, 102]);
    expect(disks[1]?.parent).toBeUndefined();
    const apl = storage.aplinfoListSchema.parse(fixtureData('aplinfo'));
    expect(apl.map((a) => a.template)).toEqual(['debian-12-standard_12.7-1_amd64.tar.zst', 'debian-12-turnkey-wordpress_18.0-1_amd64.tar.gz']);
  });
});

describe('lxc schemas', () => {
  it('lxc list: string vmids, tags, template flag', () => {
    const list = lxc.lxcListSchema.parse(fixtureData('lxc-list'));
    expect(list.map((c) => c.vmid)).toEqual([101, 102, 900]);
    expect(list[0]).toMatchObject({ tags: ['prod', 'web'], pid: 12345, template: false });
    expect(list[2]?.template).toBe(true);
  });

  it('status current: running and stopped, "0" booleans', () => {
    const running = lxc.lxcStatusSchema.parse(fixtureData('lxc-status-running'));
    expect(running).toMatchObject({ vmid: 101, status: 'running', uptime: 3600, ha: { managed: false } });
    const stopped = lxc.lxcStatusSchema.parse(fixtureData('lxc-status-stopped'));
    expect(stopped).toMatchObject({ vmid: 102, status: 'stopped', template: false, ha: { managed: true, state: 'stopped' } });
  });

  it('interfaces: structured addresses on PVE 8+, inet only on PVE 7', () => {
    const ifs = lxc.lxcInterfacesSchema.parse(fixtureData('lxc-interfaces'));
    expect(ifs[1]).toEqual({
      name: 'eth0',
      hwaddr: 'bc:24:11:aa:bb:cc',
      inet: '10.0.0.50/24',
      inet6: 'fe80::be24:11ff:feaa:bbcc/64',
      addresses: [
        { address: '10.0.0.50', family: 'inet', prefix: 24 },
        { address: 'fe80::be24:11ff:feaa:bbcc', family: 'inet6', prefix: 64 },
      ],
    });
    expect(ifs[0]?.addresses[1]?.prefix).toBe(128);
    const old = lxc.lxcInterfacesSchema.parse(fixtureData('lxc-interfaces-pve7'));
    expect(old[1]).toMatchObject({ name: 'eth0', inet: '10.0.0.50/24', addresses: [] });
  });
});

describe('rrd, tasks, permissions', () => {
  it('rrd points keep gaps undefined, never 0', () => {
    const points = rrdDataSchema.parse(fixtureData('rrddata-lxc-hour'));
    expect(points).toHaveLength(4);
    expect(points[0]).toMatchObject({ time: 1718000040, cpu: 0.0123, netin: 1234.56 });
    expect(points[1]?.cpu).toBeUndefined();
    expect(points[1]?.maxcpu).toBe(2);
    expect(points[2]).toEqual({ time: 1718000160 });
    expect(points[3]?.netin).toBe(0);
    const node = rrdDataSchema.parse(fixtureData('rrddata-node-hour'));
    expect(node[0]?.['memused']).toBe(18250235904);
  });

  it('task list, status, log', () => {
    const list = tasks.taskListSchema.parse(fixtureData('tasks'));
    expect(list[0]).toMatchObject({ type: 'vzcreate', id: '105', status: 'OK', user: 'kiln@pve', tokenid: 'kiln', authId: 'kiln@pve!kiln' });
    expect(list[2]?.authId).toBe('root@pam');
    expect(list[2]?.status).toBeUndefined();
    expect(tasks.taskStatusSchema.parse(fixtureData('task-status-running')).status).toBe('running');
    const failed = tasks.taskStatusSchema.parse(fixtureData('task-status-failed'));
    expect(failed).toMatchObject({ status: 'stopped', pid: 107200, exitstatus: "command 'lxc-start -n 105' failed: exit code 1" });
    const log = tasks.taskLogSchema.parse(fixtureData('task-log'));
    expect(log.at(-1)).toEqual({ n: 6, t: 'TASK OK' });
    expect((fixture('task-log') as { total: number }).total).toBe(6);
  });

  it('permissions: 0/1 propagate flags become booleans', () => {
    const perms = permissionsSchema.parse(fixtureData('permissions-full'));
    expect(perms['/vms']?.['VM.Allocate']).toBe(true);
    expect(perms['/']?.['Sys.Audit']).toBe(false);
  });
});

describe('parseAnswer', () => {
  it('reports a shape mismatch as invalid-response naming the field, not its value', () => {
    try {
      parseAnswer(cluster.versionSchema, { version: 8, release: 'secret-looking-value' }, 'GET /version');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PveError);
      const err = e as PveError;
      expect(err.kind).toBe('invalid-response');
      expect(err.message).toContain('version');
      expect(err.message).not.toContain('secret-looking-value');
    }
  });
});
