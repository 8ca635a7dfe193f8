import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, TEMPLATE, type TestSim } from './helpers/sim';

let t: TestSim;

// The status broadcast is driven by the test: "unknown until the broadcast" must not race a timer
// (on a loaded machine a 300 ms timer fired between the create and the first read).
beforeAll(async () => {
  t = await startTestSim({ nodes: ['pve1', 'pve2'], statusIntervalMs: 3_600_000 });
});
afterAll(async () => {
  await t?.close();
});

type Resource = { vmid: number; status: string; name?: string; cpu?: number; lock?: string; node: string };
const resource = async (vmid: number): Promise<Resource | undefined> => (await t.api.data<Resource[]>('GET', '/cluster/resources', { type: 'vm' })).find((r) => r.vmid === vmid);
const post = async (path: string, params: Record<string, unknown> = {}): Promise<string> => t.api.data<string>('POST', path, params);

describe('container lifecycle', () => {
  it('create -> unknown until broadcast -> start -> running with an address -> stop -> delete', async () => {
    const upid = await post('/nodes/pve1/lxc', {
      vmid: 200,
      ostemplate: TEMPLATE,
      rootfs: 'local-lvm:8',
      hostname: 'web-200',
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp,firewall=1',
      tags: 'Web;prod;web',
      cores: 2,
      memory: 1024,
    });
    expect(upid).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:vzcreate:200:kiln@pve!kiln:$/);
    // the VMID is reserved at once, locked, and has no stats yet
    expect(await resource(200)).toEqual({ id: 'lxc/200', vmid: 200, node: 'pve1', type: 'lxc', status: 'unknown', lock: 'create' });
    const rrd = await t.api.get('/nodes/pve1/lxc/200/rrddata', { timeframe: 'hour' });
    expect(rrd.status).toBe(500);
    expect(rrd.reason).toBe("RRD error: opening '/var/lib/rrdcached/db/pve-vm-9.0/200': No such file or directory");

    expect(await t.waitTask(upid)).toBe('OK');
    const config = await t.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/200/config');
    expect(config).toMatchObject({
      hostname: 'web-200',
      cores: 2,
      memory: 1024,
      swap: 512,
      unprivileged: 1,
      ostype: 'debian',
      arch: 'amd64',
      tags: 'prod;web',
      rootfs: 'local-lvm:vm-200-disk-0,size=8G',
    });
    expect(config['net0']).toMatch(/^name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:[0-9A-F:]{8},ip=dhcp,type=veth$/);
    expect(config['lock']).toBeUndefined();

    t.sim.broadcastStatus();
    expect(await resource(200)).toMatchObject({ status: 'stopped', name: 'web-200', cpu: 0, maxcpu: 2, maxmem: 1024 * 1024 ** 2 });

    const log = await t.api.data<Array<{ n: number; t: string }>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { limit: 500 });
    expect(log.at(-1)).toEqual({ n: log.length, t: 'TASK OK' });
    expect(log.map((l) => l.t)).toContain("extracting archive '/var/lib/vz/template/cache/debian-12-standard_12.7-1_amd64.tar.zst'");

    expect(await t.waitTask(await post('/nodes/pve1/lxc/200/status/start'))).toBe('OK');
    const current = await t.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/200/status/current');
    expect(current).toMatchObject({ vmid: 200, status: 'running', name: 'web-200', cpus: 2, ha: { managed: 0 } });
    const ifs = await t.api.data<Array<{ name: string; inet?: string }>>('GET', '/nodes/pve1/lxc/200/interfaces');
    expect(ifs.find((i) => i.name === 'eth0')?.inet).toMatch(/^10\.10\.10\.\d+\/24$/);
    t.sim.broadcastStatus();
    expect((await resource(200))?.status).toBe('running');

    const again = await t.api.post('/nodes/pve1/lxc/200/status/start');
    expect([again.status, again.reason]).toEqual([500, 'CT 200 already running']);
    const destroyRunning = await t.api.del('/nodes/pve1/lxc/200');
    expect([destroyRunning.status, destroyRunning.reason]).toEqual([500, 'unable to destroy CT 200 - container is running']);

    expect(await t.waitTask(await post('/nodes/pve1/lxc/200/status/reboot'))).toBe('OK');
    expect(await t.waitTask(await post('/nodes/pve1/lxc/200/status/shutdown', { timeout: 5 }))).toBe('OK');
    const stopAgain = await t.api.post('/nodes/pve1/lxc/200/status/stop');
    expect([stopAgain.status, stopAgain.reason]).toEqual([500, 'CT 200 not running']);
    const reboot = await t.api.post('/nodes/pve1/lxc/200/status/reboot');
    expect(reboot.reason).toBe('VM 200 not running');

    expect(await t.waitTask(await t.api.data<string>('DELETE', '/nodes/pve1/lxc/200', { purge: 1 }))).toBe('OK');
    expect((await t.api.get('/nodes/pve1/lxc/200/config')).reason).toBe("Configuration file 'nodes/pve1/lxc/200.conf' does not exist");
    expect(await resource(200)).toBeUndefined();
    const disks = await t.api.data<unknown[]>('GET', '/nodes/pve1/storage/local-lvm/content', { vmid: 200 });
    expect(disks).toEqual([]);
  });

  it('keeps VMIDs unique across the cluster', async () => {
    expect(await t.waitTask(await post('/nodes/pve1/lxc', { vmid: 300, ostemplate: TEMPLATE, rootfs: 'local-lvm:1' }))).toBe('OK');
    const dup = await t.api.post('/nodes/pve2/lxc', { vmid: 300, ostemplate: TEMPLATE, rootfs: 'local-lvm:1' });
    expect([dup.status, dup.reason]).toEqual([500, "CT 300 already exists on node 'pve1'"]);
    const next = Number(await t.api.data<string>('GET', '/cluster/nextid'));
    expect(next).not.toBe(300);
  });

  it('a container being created is locked: destroy refuses, start waits for the config lock', async () => {
    const slow = await startTestSim({ taskDurationMs: 600 });
    try {
      const upid = await slow.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 400, ostemplate: TEMPLATE, rootfs: 'local-lvm:1' });
      const del = await slow.api.del('/nodes/pve1/lxc/400');
      expect([del.status, del.reason]).toEqual([500, 'CT is locked (create)']);
      expect((await slow.api.data<Record<string, unknown>>('GET', '/nodes/pve1/lxc/400/config'))['lock']).toBe('create');
      // lock_config blocks until the create worker released the flock, then the start proceeds
      const start = await slow.api.data<string>('POST', '/nodes/pve1/lxc/400/status/start');
      const create = await slow.api.data<{ status: string; exitstatus: string }>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`);
      expect(create).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
      expect(await slow.waitTask(start)).toBe('OK');
    } finally {
      await slow.close();
    }
  });

  it('config updates: digest, required options, normalisation, mount points', async () => {
    expect(await t.waitTask(await post('/nodes/pve2/lxc', { vmid: 500, ostemplate: TEMPLATE, rootfs: 'local-lvm:2', hostname: 'cfg' }))).toBe('OK');
    const before = await t.api.data<{ digest: string }>('GET', '/nodes/pve2/lxc/500/config');
    await t.api.data('PUT', '/nodes/pve2/lxc/500/config', { tags: 'B;a', mp0: 'local-lvm:3,mp=/data', digest: before.digest });
    const stale = await t.api.put('/nodes/pve2/lxc/500/config', { memory: 2048, digest: before.digest });
    expect([stale.status, stale.reason]).toEqual([500, 'detected modified configuration - file changed by other user? Try again.']);
    const required = await t.api.put('/nodes/pve2/lxc/500/config', { delete: 'memory' });
    expect(required.reason).toBe("unable to delete required option 'memory'");
    const none = await t.api.put('/nodes/pve2/lxc/500/config', {});
    expect(none.reason).toBe('no options specified');

    const config = await t.api.data<Record<string, unknown>>('GET', '/nodes/pve2/lxc/500/config');
    expect(config).toMatchObject({ tags: 'a;b', mp0: 'local-lvm:vm-500-disk-1,mp=/data,size=3G' });
    await t.api.data('PUT', '/nodes/pve2/lxc/500/config', { delete: 'mp0,tags' });
    const after = await t.api.data<Record<string, unknown>>('GET', '/nodes/pve2/lxc/500/config');
    expect(after['mp0']).toBeUndefined();
    expect(after['tags']).toBeUndefined();
    expect(after['unused0']).toBe('local-lvm:vm-500-disk-1');
  });
});

describe('tasks', () => {
  it('injected task failures end the task with the given exit status and undo the create', async () => {
    t.sim.setTaskFailure({ type: 'vzcreate', vmid: 600, exitstatus: 'unable to create CT 600 - simulated disk full' });
    const upid = await post('/nodes/pve1/lxc', { vmid: 600, ostemplate: TEMPLATE, rootfs: 'local-lvm:1' });
    expect(await t.waitTask(upid)).toBe('unable to create CT 600 - simulated disk full');
    const log = await t.api.data<Array<{ t: string }>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { limit: 500 });
    expect(log.at(-1)?.t).toBe('TASK ERROR: unable to create CT 600 - simulated disk full');
    expect(await resource(600)).toBeUndefined();
    // one use only: the next create works
    expect(await t.waitTask(await post('/nodes/pve1/lxc', { vmid: 600, ostemplate: TEMPLATE, rootfs: 'local-lvm:1' }))).toBe('OK');

    t.sim.setTaskFailure({ type: 'vzstart', exitstatus: 'startup for container 600 failed' });
    expect(await t.waitTask(await post('/nodes/pve1/lxc/600/status/start'))).toBe('startup for container 600 failed');
    expect((await t.api.data<{ status: string }>('GET', '/nodes/pve1/lxc/600/status/current')).status).toBe('stopped');

    t.sim.setTaskFailure({ type: 'vzstart', exitstatus: 'WARNINGS: 2' });
    const warned = await post('/nodes/pve1/lxc/600/status/start');
    expect(await t.waitTask(warned)).toBe('WARNINGS: 2');
    expect((await t.api.data<{ status: string }>('GET', '/nodes/pve1/lxc/600/status/current')).status).toBe('running');
    const errorsOnly = await t.api.data<Array<{ upid: string; status: string }>>('GET', '/nodes/pve1/tasks', { errors: 1, vmid: 600 });
    expect(errorsOnly.map((x) => x.status).sort()).toEqual(['WARNINGS: 2', 'startup for container 600 failed', 'unable to create CT 600 - simulated disk full']);
  });

  it('a failed create for a missing template fails the task like PVE', async () => {
    const upid = await post('/nodes/pve2/lxc', { vmid: 700, ostemplate: 'local:vztmpl/nope-1.0_amd64.tar.zst', rootfs: 'local-lvm:1' });
    expect(await t.waitTask(upid)).toBe("unable to create CT 700 - volume 'local:vztmpl/nope-1.0_amd64.tar.zst' does not exist");
    expect(await resource(700)).toBeUndefined();
  });

  it('DELETE on a running task interrupts it', async () => {
    const slow = await startTestSim({ taskDurationMs: 30_000 });
    try {
      const upid = await slow.api.data<string>('POST', '/nodes/pve1/lxc', { vmid: 800, ostemplate: TEMPLATE, rootfs: 'local-lvm:1' });
      const active = await slow.api.data<Array<{ upid: string; status?: string }>>('GET', '/nodes/pve1/tasks', { source: 'active' });
      // read_active_workers' view: owner not split, `saved`, and RUNNING put in by node_tasks
      expect(active).toEqual([expect.objectContaining({ upid, user: 'kiln@pve!kiln', saved: '0', status: 'RUNNING' })]);
      expect(await slow.api.data('DELETE', `/nodes/pve1/tasks/${encodeURIComponent(upid)}`)).toBeNull();
      expect(await slow.waitTask(upid)).toBe('interrupted by signal');
      expect((await slow.api.get('/nodes/pve1/lxc/800/config')).status).toBe(500);
    } finally {
      await slow.close();
    }
  });

  it('unknown or malformed UPIDs are parameter errors', async () => {
    const bad = await t.api.get('/nodes/pve1/tasks/nonsense/status');
    expect(bad.body?.errors).toEqual({ upid: 'unable to parse worker upid' });
    const gone = await t.api.get(`/nodes/pve1/tasks/${encodeURIComponent('UPID:pve1:00001234:00001234:65000000:vzstart:100:kiln@pve!kiln:')}/status`);
    expect(gone.body?.errors).toEqual({ upid: 'no such task' });
  });
});
