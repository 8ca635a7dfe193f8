import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KILN_ROLE } from '../src/index';
import { returnsViolations } from './helpers/returns';
import { startTestSim, type TestSim } from './helpers/sim';

let t: TestSim;
const DAY2 = [...KILN_ROLE, 'VM.Backup'];

beforeAll(async () => {
  t = await startTestSim({
    taskDurationMs: 150,
    tokens: [
      { id: 'kiln@pve!kiln', privileges: { '/': DAY2 } },
      { id: 'kiln@pve!nosnap', privileges: { '/': KILN_ROLE.filter((p) => !p.startsWith('VM.Snapshot')) } },
      { id: 'kiln@pve!rollback', privileges: { '/': [...KILN_ROLE.filter((p) => !p.startsWith('VM.Snapshot')), 'VM.Snapshot.Rollback'] } },
      { id: 'kiln@pve!nobackup', privileges: { '/': KILN_ROLE.filter((p) => p !== 'VM.Backup') } },
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

type Answer = Awaited<ReturnType<TestSim['api']['get']>>;
const refusal = (res: Answer): [number, string] => [res.status, res.reason];
type Snap = { name: string; parent?: string; description: string; vmstate?: number; running?: number; digest?: string };
const taskLog = async (upid: string): Promise<string[]> => (await t.api.data<Array<{ t: string }>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { limit: 0 })).map((l) => l.t);
const config = (vmid: number): Promise<Record<string, unknown>> => t.api.data<Record<string, unknown>>('GET', `/nodes/pve1/qemu/${vmid}/config`);
const status = async (vmid: number): Promise<unknown> => (await t.api.data<{ status: string }>('GET', `/nodes/pve1/qemu/${vmid}/status/current`)).status;

describe('VM snapshots (qemu-server / AbstractConfig)', () => {
  it('takes, lists, rolls back and deletes snapshots in qm* tasks under the snapshot lock', async () => {
    const vmid = t.sim.addVm({ name: 'snap-vm', memoryMb: 1024 });
    const base = `/nodes/pve1/qemu/${vmid}/snapshot`;
    const upid = await t.api.data<string>('POST', base, { snapname: 'clean', description: 'fresh install' });
    expect(upid).toMatch(new RegExp(`:qmsnapshot:${vmid}:kiln@pve!kiln:$`));
    expect((await config(vmid))['lock']).toBe('snapshot');
    // the lock refuses other work with qemu-server's text
    const second = await t.api.data<string>('POST', base, { snapname: 'second' });
    expect(await t.waitTask(upid)).toBe('OK');
    expect(await t.waitTask(second)).toBe('VM is locked (snapshot)');
    const log = await taskLog(upid);
    expect(log).toContain(`snapshotting 'drive-scsi0' (local-lvm:vm-${vmid}-disk-0)`);
    expect(log).toContain(`  Logical volume "snap_vm-${vmid}-disk-0_clean" created.`);
    expect(log).toContain("issuing guest-agent 'fs-freeze' command");

    // with RAM: the section names the state volume, a rollback resumes the VM
    expect(await t.waitTask(await t.api.data<string>('POST', base, { snapname: 'live', vmstate: 1 }))).toBe('OK');
    const tree = await t.api.data<Snap[]>('GET', base);
    expect(returnsViolations('GET', '/nodes/{node}/qemu/{vmid}/snapshot', tree)).toEqual([]);
    expect(tree.map((s) => [s.name, s.parent, s.description, s.vmstate])).toEqual([
      ['clean', undefined, 'fresh install', undefined],
      ['live', 'clean', '', 1],
      ['current', 'live', 'You are here!', undefined],
    ]);
    expect(tree.at(-1)?.running).toBe(1);
    expect(tree.at(-1)?.digest).toBe((await config(vmid))['digest']);
    const section = await t.api.data<Record<string, unknown>>('GET', `${base}/live/config`);
    expect(section).toMatchObject({ vmstate: `local-lvm:vm-${vmid}-state-live`, parent: 'clean', cores: 2 });
    expect(returnsViolations('GET', '/nodes/{node}/qemu/{vmid}/snapshot/{snapname}/config', section)).toEqual([]);
    await t.api.data('PUT', `${base}/live/config`, { description: 'with RAM' });
    expect((await t.api.data<Snap[]>('GET', base))[1]?.description).toBe('with RAM');

    // rollback without RAM stops the VM; `start` boots it
    const rb = await t.api.data<string>('POST', `${base}/clean/rollback`);
    expect(rb).toMatch(/:qmrollback:/);
    expect(await t.waitTask(rb)).toBe('OK');
    expect(await status(vmid)).toBe('stopped');
    expect((await config(vmid))['parent']).toBe('clean');
    expect(await t.waitTask(await t.api.data<string>('POST', `${base}/live/rollback`))).toBe('OK');
    expect(await status(vmid)).toBe('running');
    expect((await config(vmid))['vmstate']).toBeUndefined();

    // delete re-parents: `live`'s parent goes to the current state's chain
    const del = await t.api.data<string>('DELETE', `${base}/clean`);
    expect(del).toMatch(/:qmdelsnapshot:/);
    expect(await t.waitTask(del)).toBe('OK');
    expect(await taskLog(del)).toContain(`  Logical volume "snap_vm-${vmid}-disk-0_clean" successfully removed.`);
    expect((await t.api.data<Snap[]>('GET', base)).map((s) => [s.name, s.parent])).toEqual([
      ['live', undefined],
      ['current', 'live'],
    ]);
  });

  it('refuses with PVE texts: reserved names, duplicates, storage without snapshots, missing snapshots', async () => {
    const vmid = t.sim.addVm({ name: 'refusals' });
    const base = `/nodes/pve1/qemu/${vmid}/snapshot`;
    expect(refusal(await t.api.post(base, { snapname: 'current' }))).toEqual([500, "unable to use snapshot name 'current' (reserved name)"]);
    expect(refusal(await t.api.post(base, { snapname: 'Pending' }))).toEqual([500, "unable to use snapshot name 'pending' (reserved name)"]);
    expect(await t.waitTask(await t.api.data<string>('POST', base, { snapname: 'one' }))).toBe('OK');
    expect(await t.waitTask(await t.api.data<string>('POST', base, { snapname: 'one' }))).toBe("snapshot name 'one' already used");
    expect(await t.waitTask(await t.api.data<string>('POST', `${base}/nope/rollback`))).toBe("snapshot 'nope' does not exist");

    const raw = t.sim.addVm({ name: 'raw-disk', diskVolume: 'local:777/vm-777-disk-0.raw' });
    const failed = await t.api.data<string>('POST', `/nodes/pve1/qemu/${raw}/snapshot`, { snapname: 'xx' });
    expect(await t.waitTask(failed)).toBe('snapshot feature is not available');
    expect((await config(raw))['lock']).toBeUndefined();
    expect((await t.api.data<Snap[]>('GET', `/nodes/pve1/qemu/${raw}/snapshot`)).map((s) => s.name)).toEqual(['current']);
  });

  it('checks VM.Snapshot and VM.Snapshot.Rollback like the schema says', async () => {
    const vmid = t.sim.addVm({ name: 'privs' });
    const base = `/nodes/pve1/qemu/${vmid}/snapshot`;
    expect(await t.waitTask(await t.api.data<string>('POST', base, { snapname: 's1' }))).toBe('OK');
    expect(refusal(await t.client(1).post(base, { snapname: 's2' }))).toEqual([403, `Permission check failed (/vms/${vmid}, VM.Snapshot)`]);
    expect(refusal(await t.client(1).post(`${base}/s1/rollback`))).toEqual([403, `Permission check failed (/vms/${vmid}, VM.Snapshot|VM.Snapshot.Rollback)`]);
    // Rollback alone may roll back, not delete
    expect(await t.waitTask(await t.client(2).data<string>('POST', `${base}/s1/rollback`))).toBe('OK');
    expect(refusal(await t.client(2).del(`${base}/s1`))).toEqual([403, `Permission check failed (/vms/${vmid}, VM.Snapshot)`]);
  });
});

describe('VM backups (vzdump of qemu guests) and qmrestore', () => {
  it('backs a VM up as vzdump-qemu-<vmid>-<date>.vma.zst under the backup lock and restores it', async () => {
    const vmid = t.sim.addVm({ name: 'backup-vm', memoryMb: 3072 });
    const upid = await t.api.data<string>('POST', '/nodes/pve1/vzdump', { vmid, storage: 'local', compress: 'zstd', mode: 'snapshot', 'notes-template': '{{guestname}} on {{node}}' });
    expect((await config(vmid))['lock']).toBe('backup');
    const blocked = await t.api.data<string>('POST', `/nodes/pve1/qemu/${vmid}/snapshot`, { snapname: 'xx' });
    expect(await t.waitTask(upid)).toBe('OK');
    // the snapshot asked for while the backup held the lock failed in its worker
    expect(await t.waitTask(blocked)).toBe('VM is locked (backup)');
    const log = await taskLog(upid);
    expect(log).toContain(`INFO: Starting Backup of VM ${vmid} (qemu)`);
    expect(log).toContain('INFO: VM Name: backup-vm');
    expect(log).toContain(`INFO: include disk 'scsi0' 'local-lvm:vm-${vmid}-disk-0' 32G`);
    expect(log.some((l) => new RegExp(`^INFO: creating vzdump archive '/var/lib/vz/dump/vzdump-qemu-${vmid}-\\d{4}_\\d\\d_\\d\\d-\\d\\d_\\d\\d_\\d\\d\\.vma\\.zst'$`).test(l))).toBe(true);
    const content = await t.api.data<Array<Record<string, unknown>>>('GET', '/nodes/pve1/storage/local/content', { content: 'backup', vmid });
    expect(returnsViolations('GET', '/nodes/{node}/storage/{storage}/content', content)).toEqual([]);
    expect(content).toHaveLength(1);
    expect(content[0]).toMatchObject({ subtype: 'qemu', format: 'vma.zst', vmid, notes: 'backup-vm on pve1' });
    const volid = String(content[0]?.['volid']);

    // into a new VMID: the backed-up config on new disks, stopped
    const restored = await t.api.data<string>('POST', '/nodes/pve1/qemu', { vmid: 870, archive: volid, storage: 'local-lvm', unique: 1 });
    expect(restored).toMatch(/:qmrestore:870:/);
    expect(await t.waitTask(restored)).toBe('OK');
    expect(await taskLog(restored)).toContain("new volume ID is 'local-lvm:vm-870-disk-0'");
    const copy = await config(870);
    expect(copy).toMatchObject({ name: 'backup-vm', memory: '3072' });
    expect(String(copy['scsi0'])).toMatch(/^local-lvm:vm-870-disk-0,iothread=1,size=32G$/);
    expect(copy['net0']).not.toBe((await config(vmid))['net0']);
    expect(await status(870)).toBe('stopped');

    // over an existing VM: only with force, only stopped
    expect(refusal(await t.api.post('/nodes/pve1/qemu', { vmid, archive: volid }))).toEqual([500, `unable to restore VM ${vmid} - VM ${vmid} already exists on node 'pve1'`]);
    expect(refusal(await t.api.post('/nodes/pve1/qemu', { vmid, archive: volid, force: 1 }))).toEqual([500, `unable to restore VM ${vmid} - vm is running`]);
    expect(await t.waitTask(await t.api.data<string>('POST', `/nodes/pve1/qemu/${vmid}/status/stop`))).toBe('OK');
    const over = await t.api.data<string>('POST', '/nodes/pve1/qemu', { vmid, archive: volid, force: 1, start: 1 });
    expect(await t.waitTask(over)).toBe('OK');
    expect(await status(vmid)).toBe('running');
    expect((await config(vmid))['lock']).toBeUndefined();
  });

  it('refuses a locked VM in the task, and checks VM.Backup', async () => {
    const vmid = t.sim.addVm({ name: 'locked-vm' });
    const snap = await t.api.data<string>('POST', `/nodes/pve1/qemu/${vmid}/snapshot`, { snapname: 'busy' });
    const dump = await t.api.data<string>('POST', '/nodes/pve1/vzdump', { vmid, storage: 'local' });
    expect(await t.waitTask(snap)).toBe('OK');
    expect(await t.waitTask(dump)).toBe('job errors');
    expect(await taskLog(dump)).toContain(`ERROR: Backup of VM ${vmid} failed - VM is locked (snapshot)`);
    expect(refusal(await t.client(3).post('/nodes/pve1/vzdump', { vmid, storage: 'local' }))).toEqual([403, `Permission check failed (/vms/${vmid}, VM.Backup)`]);
  });
});
