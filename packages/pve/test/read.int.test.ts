import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILN_REQUIRED_PRIVILEGES, isUpid, parseUpid } from '../src';
import { startSimHarness, type SimHarness } from './helpers/sim';

let h: SimHarness;
beforeAll(async () => {
  h = await startSimHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('read methods against the 3-node simulator', () => {
  it('version', async () => {
    const v = await h.client.version();
    expect(v.version).toMatch(/^\d+\.\d+/);
    expect(v.release).toMatch(/^\d+\.\d+$/);
  });

  it('nodes and node status', async () => {
    const nodes = await h.client.nodes();
    expect(nodes.map((n) => n.node).sort()).toEqual(['pve1', 'pve2', 'pve3']);
    for (const n of nodes) expect(['online', 'offline', 'unknown']).toContain(n.status);
    const status = await h.client.nodeStatus('pve2');
    expect(status.memory?.total).toBeGreaterThan(0);
    expect(status.cpuinfo?.cpus).toBeGreaterThan(0);
    expect(status.loadavg?.every((x) => typeof x === 'number')).toBe(true);
    expect(status.pveversion).toMatch(/^pve-manager\//);
  });

  it('cluster status lists the cluster and its nodes', async () => {
    const entries = await h.client.clusterStatus();
    const cluster = entries.find((e) => e.type === 'cluster');
    expect(cluster && cluster.type === 'cluster' ? cluster.nodes : undefined).toBe(3);
    expect(
      entries
        .filter((e) => e.type === 'node')
        .map((e) => e.name)
        .sort(),
    ).toEqual(['pve1', 'pve2', 'pve3']);
    expect(entries.filter((e) => e.type === 'node' && e.local)).toHaveLength(1);
  });

  it('cluster resources: all, vm, node, storage', async () => {
    const all = await h.client.clusterResources();
    expect(new Set(all.map((r) => r.type))).toEqual(new Set(['lxc', 'node', 'storage']));
    const vms = await h.client.clusterResources('vm');
    const lxc = vms.filter((r) => r.type === 'lxc');
    expect(lxc).toHaveLength(9);
    for (const ct of lxc) {
      expect(ct.id).toBe(`lxc/${ct.vmid}`);
      expect(['pve1', 'pve2', 'pve3']).toContain(ct.node);
      expect(Array.isArray(ct.tags)).toBe(true);
      expect([...ct.tags].sort()).toEqual(ct.tags);
      expect(typeof ct.template).toBe('boolean');
    }
    const nodes = await h.client.clusterResources('node');
    expect(nodes.every((n) => n.type === 'node' && n.id === `node/${n.node}`)).toBe(true);
    const storages = await h.client.clusterResources('storage');
    expect(storages.length).toBeGreaterThan(0);
    expect(storages.every((s) => s.type === 'storage' && s.id === `storage/${s.node}/${s.storage}`)).toBe(true);
  });

  it('nextId returns a free VMID as a number, and the wanted one when free', async () => {
    const id = await h.client.nextId();
    expect(Number.isInteger(id)).toBe(true);
    const taken = new Set((await h.client.clusterResources('vm')).map((r) => r.vmid));
    expect(taken.has(id)).toBe(false);
    expect(await h.client.nextId(id + 1000)).toBe(id + 1000);
  });

  it('storages, storage status, content and aplinfo', async () => {
    const storages = await h.client.storages('pve1');
    expect(storages.length).toBeGreaterThan(0);
    const tplStore = storages.find((s) => s.content.includes('vztmpl'));
    expect(tplStore).toBeDefined();
    const withTemplates = await h.client.storages('pve1', { content: 'vztmpl' });
    expect(withTemplates.every((s) => s.content.includes('vztmpl'))).toBe(true);
    const status = await h.client.storageStatus('pve1', tplStore!.storage);
    expect(status.active).toBe(true);
    expect(status.total).toBeGreaterThan(0);
    const templates = await h.client.storageContent('pve1', tplStore!.storage, { content: 'vztmpl' });
    expect(templates.length).toBeGreaterThan(0);
    expect(templates[0]?.volid).toMatch(new RegExp(`^${tplStore!.storage}:vztmpl/`));
    const apl = await h.client.aplinfo('pve1');
    expect(apl.length).toBeGreaterThan(0);
    expect(apl[0]?.template).toMatch(/\.tar\.(zst|gz|xz)$/);
  });

  it('lxc list, config, status and interfaces of a seeded container', async () => {
    const list = await h.client.lxcList('pve2');
    expect(list).toHaveLength(3);
    const ct = list.find((c) => c.status === 'running') ?? list[0]!;
    expect(Number.isInteger(ct.vmid)).toBe(true);
    const config = await h.client.lxcConfig('pve2', ct.vmid);
    expect(config.digest).toMatch(/^[0-9a-f]{40,64}$/);
    expect(config.hostname).toBeTruthy();
    expect(config.rootfs?.volume).toBeTruthy();
    expect(Object.keys(config.net).length).toBeGreaterThan(0);
    const status = await h.client.lxcStatus('pve2', ct.vmid);
    expect(status.vmid).toBe(ct.vmid);
    expect(['running', 'stopped']).toContain(status.status);
    if (status.status === 'running') {
      // PVE 9 sends PSI as strings ("0.00"); the client hands out numbers
      expect(typeof status.pressurecpusome).toBe('number');
      const ifs = await h.client.lxcInterfaces('pve2', ct.vmid);
      expect(ifs.map((i) => i.name)).toContain('lo');
    }
  });

  it('rrddata of a node and of a container; points are numbers, gaps undefined', async () => {
    const nodePoints = await h.client.rrddata('pve1', { timeframe: 'hour' });
    expect(nodePoints.length).toBeGreaterThan(0);
    expect(nodePoints.every((p) => Number.isInteger(p.time))).toBe(true);
    const [ct] = await h.client.lxcList('pve1');
    const points = await h.client.rrddata('pve1', { vmid: ct!.vmid, timeframe: 'hour', cf: 'AVERAGE' });
    for (const p of points) {
      for (const value of Object.values(p)) expect(typeof value).toBe('number');
    }
  });

  it('tasks, task status and log of a finished task', async () => {
    const [ct] = await h.client.lxcList('pve3');
    const upid = ct!.status === 'running' ? await h.client.lxcStop('pve3', ct!.vmid) : await h.client.lxcStart('pve3', ct!.vmid);
    expect(isUpid(upid)).toBe(true);
    expect(parseUpid(upid).node).toBe('pve3');
    await h.client.waitForTask(upid, { pollInterval: 50 });
    const list = await h.client.tasks('pve3', { vmid: ct!.vmid, limit: 10 });
    expect(list.map((t) => t.upid)).toContain(upid);
    const status = await h.client.taskStatus('pve3', upid);
    expect(status).toMatchObject({ status: 'stopped', exitstatus: 'OK', upid });
    const log = await h.client.taskLog('pve3', upid, { start: 0, limit: 50 });
    expect(log.at(-1)?.t).toBe('TASK OK');
    expect(log.map((l) => l.n)).toEqual(log.map((_, i) => i + 1));
  });

  it('permissions and the privilege report of a full and an audit-only token', async () => {
    const perms = await h.client.permissions();
    expect(Object.keys(perms)).toContain('/');
    const full = await h.client.privilegeReport();
    expect(full.ok).toBe(true);
    expect(full.required).toHaveLength(KILN_REQUIRED_PRIVILEGES.length);
    const weak = await h.weak.privilegeReport();
    expect(weak.ok).toBe(false);
    const missing = weak.missing.map((m) => m.privilege);
    expect(missing).toContain('VM.Allocate');
    expect(missing).not.toContain('VM.Audit');
    expect(missing).not.toContain('Sys.Audit');
  });
});
