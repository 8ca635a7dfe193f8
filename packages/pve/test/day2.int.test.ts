import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KILN_ROLE, startSimulator } from '@kiln/pve-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PveClient } from '../src';
import { caught } from './helpers/caught';

/** Contract tests of the day-2 methods (snapshots, pending, resize, network, backups) against the simulator. */
let sim: Awaited<ReturnType<typeof startSimulator>>;
let dataDir: string;
let client: PveClient;
let base: PveClient;
const wait = async (upid: string): Promise<string> => (await client.waitForTask(upid, { pollInterval: 40 })).exitstatus;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kiln-pve-day2-'));
  sim = await startSimulator({
    dataDir,
    apiPort: 0,
    sshPort: 0,
    ssh: false,
    taskDurationMs: 100,
    authFailureDelayMs: 50,
    tokens: [
      { id: 'kiln@pve!day2', privileges: { '/': [...KILN_ROLE, 'VM.Backup', 'Datastore.Allocate', 'Sys.Modify'] } },
      // Kiln's role as it was before snapshots: the refusals below name what it lacks.
      { id: 'kiln@pve!kiln', privileges: { '/': KILN_ROLE.filter((p) => !p.startsWith('VM.Snapshot')) } },
    ],
  });
  const make = (i: number): PveClient => new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[i]!.header, fingerprint: sim.tlsFingerprint, retry: { maxAttempts: 1 } });
  client = make(0);
  base = make(1);
  const upid = await client.lxcCreate('pve1', {
    vmid: 400,
    ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    rootfs: { storage: 'local-lvm', sizeGiB: 4 },
    hostname: 'day2',
    memory: 512,
  });
  expect(await wait(upid)).toBe('OK');
});
afterAll(async () => {
  await client?.close();
  await base?.close();
  await sim?.close();
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

describe('PveClient day-2 methods', () => {
  it('snapshots: create, tree, config, description, rollback, delete', async () => {
    expect(await wait(await client.lxcSnapshotCreate('pve1', 400, 'clean', { description: 'fresh install' }))).toBe('OK');
    const tree = await client.lxcSnapshots('pve1', 400);
    expect(tree.map((s) => [s.name, s.parent, s.description])).toEqual([
      ['clean', undefined, 'fresh install'],
      ['current', 'clean', 'You are here!'],
    ]);
    expect(tree[1]?.running).toBe(false);
    expect(typeof tree[0]?.snaptime).toBe('number');
    expect(await client.lxcSnapshotConfig('pve1', 400, 'clean')).toMatchObject({ hostname: 'day2', description: 'fresh install' });
    await client.lxcSnapshotSetDescription('pve1', 400, 'clean', 'base');
    expect((await client.lxcSnapshots('pve1', 400))[0]?.description).toBe('base');
    expect(await wait(await client.lxcSnapshotRollback('pve1', 400, 'clean'))).toBe('OK');
    const refused = await caught(base.lxcSnapshotCreate('pve1', 400, 'nope'));
    expect(refused.kind).toBe('permission');
    expect(refused.privilege).toBe('VM.Snapshot');
    expect(await wait(await client.lxcSnapshotDelete('pve1', 400, 'clean'))).toBe('OK');
    expect((await client.lxcSnapshots('pve1', 400)).map((s) => s.name)).toEqual(['current']);
  });

  it('pending changes, revert, resize and the bridge list', async () => {
    expect(await wait(await client.lxcStart('pve1', 400))).toBe('OK');
    await client.lxcSetConfig('pve1', 400, { memory: 1024, hostname: 'day2-renamed' });
    const pending = await client.lxcPending('pve1', 400);
    expect(pending.find((i) => i.key === 'memory')).toEqual({ key: 'memory', value: '1024' });
    expect(pending.find((i) => i.key === 'hostname')).toEqual({ key: 'hostname', value: 'day2', pending: 'day2-renamed' });
    await client.lxcRevertPending('pve1', 400, ['hostname']);
    expect((await client.lxcPending('pve1', 400)).find((i) => i.key === 'hostname')?.pending).toBeUndefined();

    expect(await wait(await client.lxcResize('pve1', 400, { disk: 'rootfs', size: '+1G' }))).toBe('OK');
    const shrink = await caught(client.lxcResize('pve1', 400, { disk: 'rootfs', size: '1G' }));
    expect(shrink.message).toBe('unable to shrink disk size');

    const bridges = await client.networks('pve1', { type: 'any_bridge' });
    expect(bridges.map((b) => [b.iface, b.bridge_vlan_aware])).toEqual([
      ['vmbr0', false],
      ['vmbr1', true],
    ]);
    expect(await wait(await client.lxcStop('pve1', 400))).toBe('OK');
  });

  it('backups: vzdump, list, restore to a new VMID, delete', async () => {
    await writeFile(join(dataDir, 'rootfs', '400', 'root', 'keep.txt'), 'kept\n');
    const denied = await caught(base.vzdump('pve1', { vmids: [400], storage: 'local' }));
    expect(denied.kind).toBe('permission');
    expect(denied.privilege).toBe('VM.Backup');

    expect(await wait(await client.vzdump('pve1', { vmids: [400], storage: 'local', notesTemplate: '{{guestname}}', protected: false }))).toBe('OK');
    const [backup] = await client.backups('pve1', 'local', { vmid: 400 });
    expect(backup).toMatchObject({ content: 'backup', format: 'tar.zst', subtype: 'lxc', vmid: 400, notes: 'day2' });
    expect(backup!.size).toBeGreaterThan(0);

    expect(await wait(await client.lxcRestore('pve1', { vmid: 401, archive: backup!.volid, storage: 'local-lvm' }))).toBe('OK');
    expect((await client.lxcConfig('pve1', 401)).hostname).toBe('day2');

    expect(await wait(await client.deleteVolume('pve1', 'local', backup!.volid))).toBe('OK');
    expect(await client.backups('pve1', 'local', { vmid: 400 })).toEqual([]);
  });

  it('backup jobs: create with retention, read back typed, included volumes, not backed up, delete', async () => {
    await client.createBackupJob({ id: 'nightly', schedule: 'sat 02:00', storage: 'local', vmids: [400], mode: 'snapshot', compress: 'zstd', retention: { 'keep-last': 2, 'keep-daily': 7 } });
    const job = await client.backupJob('nightly');
    expect(job).toMatchObject({ id: 'nightly', schedule: 'sat 02:00', enabled: true, vmid: [400], all: false, 'prune-backups': { 'keep-last': 2, 'keep-daily': 7 } });
    expect(typeof job['next-run']).toBe('number');
    expect((await client.backupJobs()).map((j) => j.id)).toEqual(['nightly']);
    const included = await client.backupJobIncludedVolumes('nightly');
    expect(included.children[0]?.children).toEqual([{ id: 'rootfs', name: 'local-lvm:vm-400-disk-0', included: true, reason: 'rootfs' }]);
    expect((await client.notBackedUp()).map((g) => g.vmid)).toEqual([401]);

    await client.updateBackupJob('nightly', { schedule: 'daily', storage: 'local', vmids: [400], enabled: false });
    expect(await client.backupJob('nightly')).toMatchObject({ schedule: 'daily', enabled: false });
    const refused = await caught(base.createBackupJob({ schedule: 'daily', storage: 'local', all: true }));
    expect(refused.kind).toBe('permission');
    await client.deleteBackupJob('nightly');
    expect(await client.backupJobs()).toEqual([]);
  });
});
