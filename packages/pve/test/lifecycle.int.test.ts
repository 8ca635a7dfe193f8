import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LxcCreateOptions, PveClient } from '../src';
import { startSimHarness, type SimHarness } from './helpers/sim';
import { caught } from './helpers/caught';

let h: SimHarness;
let template: string;
let rootStorage: string;

beforeAll(async () => {
  h = await startSimHarness({ taskDurationMs: 200 });
  const storages = await h.client.storages('pve1');
  const tplStore = storages.find((s) => s.content.includes('vztmpl'))!.storage;
  rootStorage = storages.find((s) => s.content.includes('rootdir'))!.storage;
  template = (await h.client.storageContent('pve1', tplStore, { content: 'vztmpl' }))[0]!.volid;
});
afterAll(async () => {
  await h?.close();
});

function createOptions(vmid: number, extra: Partial<LxcCreateOptions> = {}): LxcCreateOptions {
  return {
    vmid,
    ostemplate: template,
    rootfs: { storage: rootStorage, sizeGiB: 4 },
    hostname: `ct${vmid}`,
    cores: 1,
    memory: 512,
    swap: 256,
    net: [{ name: 'eth0', bridge: 'vmbr0', ip: 'dhcp', firewall: true }],
    features: { nesting: true },
    tags: ['Kiln', 'test'],
    password: 'correct-horse',
    ...extra,
  };
}

async function createAndWait(client: PveClient, node: string, vmid: number): Promise<void> {
  await client.waitForTask(await client.lxcCreate(node, createOptions(vmid)), { pollInterval: 50 });
}

describe('container lifecycle against the simulator', () => {
  it('create -> waitForTask (log streamed) -> status -> config -> set config -> start/stop -> delete', async () => {
    const vmid = await h.client.nextId();
    const upid = await h.client.lxcCreate('pve1', createOptions(vmid));
    const lines: string[] = [];
    const result = await h.client.waitForTask(upid, { onLog: (l) => lines.push(l), pollInterval: 50 });
    expect(result.exitstatus).toBe('OK');
    expect(lines.length).toBeGreaterThan(1);
    expect(new Set(lines).size).toBe(lines.length); // each line once
    expect(lines.at(-1)).toBe('TASK OK');

    const status = await h.client.lxcStatus('pve1', vmid);
    expect(status).toMatchObject({ vmid, status: 'stopped' });

    const config = await h.client.lxcConfig('pve1', vmid);
    expect(config).toMatchObject({ hostname: `ct${vmid}`, cores: 1, memory: 512, swap: 256, unprivileged: true, tags: ['kiln', 'test'] });
    expect(config.features.nesting).toBe(true);
    expect(config.net[0]).toMatchObject({ name: 'eth0', bridge: 'vmbr0', ip: 'dhcp', firewall: true });
    expect(config.rootfs?.volume).toContain(rootStorage);
    expect(config.raw['password']).toBeUndefined();

    await h.client.lxcSetConfig('pve1', vmid, { memory: 1024, description: 'edited' }, { digest: config.digest, delete: ['tags'] });
    const edited = await h.client.lxcConfig('pve1', vmid);
    expect(edited).toMatchObject({ memory: 1024, description: 'edited', tags: [] });
    expect(edited.digest).not.toBe(config.digest);

    // A stale digest is refused: someone else changed the config meanwhile.
    const stale = await caught(h.client.lxcSetConfig('pve1', vmid, { memory: 2048 }, { digest: config.digest }));
    expect(stale.kind).toBe('conflict');
    expect(stale.message).toMatch(/detected modified configuration/);

    await h.client.waitForTask(await h.client.lxcStart('pve1', vmid), { pollInterval: 50 });
    expect((await h.client.lxcStatus('pve1', vmid)).status).toBe('running');
    await h.client.waitForTask(await h.client.lxcReboot('pve1', vmid), { pollInterval: 50 });
    await h.client.waitForTask(await h.client.lxcShutdown('pve1', vmid, { timeout: 5, forceStop: true }), { pollInterval: 50 });
    expect((await h.client.lxcStatus('pve1', vmid)).status).toBe('stopped');

    const del = await h.client.lxcDelete('pve1', vmid, { purge: true, destroyUnreferencedDisks: true });
    await h.client.waitForTask('pve1', del, { pollInterval: 50 });
    const gone = await caught(h.client.lxcConfig('pve1', vmid));
    expect(gone.kind).toBe('not-found');
  });

  it('already-running and not-running come back classified', async () => {
    const vmid = await h.client.nextId();
    await createAndWait(h.client, 'pve2', vmid);
    // Real PVE checks these before forking a task: the POST itself fails with 500.
    const notRunning = await caught(h.client.lxcStop('pve2', vmid));
    expect(notRunning).toMatchObject({ kind: 'not-running', status: 500, message: `CT ${vmid} not running` });
    await h.client.waitForTask(await h.client.lxcStart('pve2', vmid), { pollInterval: 50 });
    const running = await caught(h.client.lxcStart('pve2', vmid));
    expect(running).toMatchObject({ kind: 'already-running', status: 500, message: `CT ${vmid} already running` });
    expect(running.userMessage).toBe('The container is already running.');
    await h.client.waitForTask(await h.client.lxcStop('pve2', vmid), { pollInterval: 50 });
    await h.client.waitForTask(await h.client.lxcDelete('pve2', vmid), { pollInterval: 50 });
  });

  it('a container being created is locked', async () => {
    const vmid = await h.client.nextId();
    const upid = await h.client.lxcCreate('pve3', createOptions(vmid));
    // destroy_vm runs check_lock before forking its task: the DELETE itself fails.
    const locked = await caught(h.client.lxcDelete('pve3', vmid));
    expect(locked).toMatchObject({ kind: 'locked', lock: 'create', message: 'CT is locked (create)' });
    await h.client.waitForTask(upid, { pollInterval: 50 });
  });

  it('already-exists: nextId(wanted) and create with a taken VMID, on another node too', async () => {
    const [existing] = await h.client.lxcList('pve1');
    const wanted = await caught(h.client.nextId(existing!.vmid));
    expect(wanted.kind).toBe('already-exists');
    const dup = await caught(h.client.lxcCreate('pve2', createOptions(existing!.vmid)));
    expect(dup.kind).toBe('already-exists');
  });

  it('validation: PVE per-parameter errors, and local checks before sending', async () => {
    const [ct] = await h.client.lxcList('pve1');
    const remote = await caught(h.client.lxcSetConfig('pve1', ct!.vmid, { ostype: 'windows' }));
    expect(remote.kind).toBe('validation');
    expect(remote.status).toBe(400);
    expect(Object.keys(remote.errors ?? {})).toContain('ostype');

    const before = h.sim.requestLog.count({ method: 'POST' });
    const local = await caught(h.client.lxcCreate('pve1', createOptions(100, { hostname: 'not_valid' })));
    expect(local.kind).toBe('validation');
    expect(local.status).toBeUndefined();
    expect(Object.keys(local.errors ?? {})).toContain('hostname');
    expect(h.sim.requestLog.count({ method: 'POST' })).toBe(before);
  });

  it('a failed task throws task-failed with its exit status and log tail', async () => {
    h.sim.setTaskFailure({ type: 'vzcreate', exitstatus: 'unable to create CT - simulated disk full', times: 1 });
    const vmid = await h.client.nextId();
    const failed = await caught(h.client.waitForTask(await h.client.lxcCreate('pve1', createOptions(vmid)), { pollInterval: 50 }));
    expect(failed.kind).toBe('task-failed');
    expect(failed.task?.exitstatus).toBe('unable to create CT - simulated disk full');
    expect(failed.task?.logTail.length).toBeGreaterThan(0);
  });

  it('downloadTemplate returns a UPID whose task completes', async () => {
    const apl = await h.client.aplinfo('pve1');
    const storages = await h.client.storages('pve1', { content: 'vztmpl' });
    const upid = await h.client.downloadTemplate('pve1', storages[0]!.storage, apl.at(-1)!.template);
    const result = await h.client.waitForTask(upid, { pollInterval: 50 });
    expect(result.exitstatus).toMatch(/^(OK|WARNINGS: \d+)$/);
    const content = await h.client.storageContent('pve1', storages[0]!.storage, { content: 'vztmpl' });
    expect(content.map((c) => c.volid)).toContain(`${storages[0]!.storage}:vztmpl/${apl.at(-1)!.template}`);
  });

  it('a new guest is "unknown" in cluster resources until the next status broadcast, and rrddata is empty then', async () => {
    const vmid = await h.client.nextId();
    await createAndWait(h.client, 'pve1', vmid);
    const resource = (await h.client.clusterResources('vm')).find((r) => r.vmid === vmid);
    expect(resource).toBeDefined();
    if (resource?.status === 'unknown') {
      expect(resource.cpu).toBeUndefined();
      expect(await h.client.rrddata('pve1', { vmid, timeframe: 'hour' })).toEqual([]);
    } else {
      // A status broadcast already happened: a normal status.
      expect(['running', 'stopped']).toContain(resource?.status);
    }
  });
});
