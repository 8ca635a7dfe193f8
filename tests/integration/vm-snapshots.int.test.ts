/**
 * Snapshots and backups of QEMU VMs through Kiln: operations run by the worker as `qm*` tasks and
 * vzdump/qmrestore, PVE's refusal texts on the operation, the storage that cannot snapshot said
 * up front, container operations kept off VMs, and other users kept out.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import { KILN_BACKUP_PRIVILEGES, KILN_ROLE } from '@kiln/pve-sim';
import type { PveClient } from '@kiln/pve';
import { runAction } from '../helpers/operations';
import type { Simulator } from '../helpers/sim';
import { closeSim, ownedSim, signedIn, type Owner } from './containers-fixture';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let vm: number;
let rawVm: number;

interface SnapshotListView {
  entries: { name: string; parent?: string; current: boolean; description: string; vmstate?: boolean }[];
  capability: { ok: boolean; reason?: string; pveText?: string };
  running: boolean;
}

beforeAll(async () => {
  ({ sim, pve, a } = await ownedSim(webUrl, { kilnPrivileges: { '/': [...KILN_ROLE, ...KILN_BACKUP_PRIVILEGES] } }));
  vm = sim.addVm({ node: 'pve1', name: 'app-vm', memoryMb: 2048 });
  // a raw image on a dir storage: qemu-server cannot snapshot it
  rawVm = sim.addVm({ node: 'pve1', name: 'raw-vm', diskVolume: 'local:990/vm-990-disk-0.raw' });
  sim.broadcastStatus();
});

afterAll(() => closeSim({ sim, pve }));

const list = (c: Owner['web'] = a.web, vmid = vm) => c.action<SnapshotListView>('listSnapshotsAction', { nodeId: a.nodeId, vmid, guest: 'qemu' });

describe('VM snapshots through Kiln', () => {
  it('takes (with RAM), rolls back and deletes snapshots as qm tasks', async () => {
    const taken = await runAction(a.web, 'createSnapshotAction', { nodeId: a.nodeId, vmid: vm, guest: 'qemu', snapname: 'before-upgrade', description: 'clean', vmstate: true });
    expect(taken.data, taken.raw.slice(0, 300)).toMatchObject({ ok: true, exitstatus: 'OK' });
    expect(taken.data!.upid).toMatch(new RegExp(`:qmsnapshot:${vm}:`));
    expect(taken.data!.message).toBe('Snapshot before-upgrade (with RAM) taken of app-vm.');
    expect(taken.data!.log).toContain("saving VM state and RAM using storage 'local-lvm'");
    const op = await getDb().operation.findUniqueOrThrow({ where: { id: taken.data!.operationId } });
    expect(op.kind).toBe('vm.snapshot.create');

    const tree = (await list()).data!;
    expect(tree.capability).toEqual({ ok: true });
    expect(tree.entries.find((e) => e.name === 'before-upgrade')).toMatchObject({ vmstate: true, description: 'clean' });
    expect(tree.entries.map((e) => [e.name, e.current])).toEqual([
      ['before-upgrade', false],
      ['current', true],
    ]);

    // a rollback stops the VM; the snapshot has its RAM, so it resumes running
    await runAction(a.web, 'vmPowerAction', { nodeId: a.nodeId, vmid: vm, op: 'stop' });
    const rolled = await runAction(a.web, 'rollbackSnapshotAction', { nodeId: a.nodeId, vmid: vm, guest: 'qemu', snapname: 'before-upgrade', start: false });
    expect(rolled.data).toMatchObject({ ok: true, exitstatus: 'OK' });
    expect(rolled.data!.upid).toMatch(/:qmrollback:/);
    expect((await pve.qemuStatus('pve1', vm)).status).toBe('running');

    // the description is edited on the VM's snapshot (`PUT .../qemu/{vmid}/snapshot/{snapname}/config`), as an operation of its own kind
    const desc = () => pve.snapshotConfig('qemu', 'pve1', vm, 'before-upgrade').then((c) => c['description']);
    const edited = await runAction(a.web, 'describeSnapshotAction', { nodeId: a.nodeId, vmid: vm, guest: 'qemu', snapname: 'before-upgrade', description: 'known good\nwith RAM' });
    expect(edited.data, edited.raw.slice(0, 300)).toMatchObject({ ok: true, message: 'Saved the description of snapshot before-upgrade of app-vm.' });
    expect((await getDb().operation.findUniqueOrThrow({ where: { id: edited.data!.operationId } })).kind).toBe('vm.snapshot.describe');
    expect(await desc()).toBe('known good\nwith RAM');
    expect((await list()).data!.entries.find((e) => e.name === 'before-upgrade')?.description).toBe('known good\nwith RAM');
    expect((await runAction(a.web, 'describeSnapshotAction', { nodeId: a.nodeId, vmid: vm, guest: 'qemu', snapname: 'before-upgrade', description: '' })).data?.ok).toBe(true);
    expect(await desc()).toBeUndefined();
    const missing = await runAction(a.web, 'describeSnapshotAction', { nodeId: a.nodeId, vmid: vm, guest: 'qemu', snapname: 'no-such', description: 'x' });
    expect(missing.data).toMatchObject({ ok: false, message: "Proxmox VE refused: snapshot 'no-such' does not exist" });
    // a VM's VMID is not a container's
    expect((await a.web.action('describeSnapshotAction', { nodeId: a.nodeId, vmid: vm, snapname: 'before-upgrade', description: 'x' })).serverError?.code).toBe('NOT_FOUND');

    const deleted = await runAction(a.web, 'deleteSnapshotAction', { nodeId: a.nodeId, vmid: vm, guest: 'qemu', snapname: 'before-upgrade' });
    expect(deleted.data).toMatchObject({ ok: true, exitstatus: 'OK' });
    expect(deleted.data!.upid).toMatch(/:qmdelsnapshot:/);
    expect((await pve.snapshots('qemu', 'pve1', vm)).map((s) => s.name)).toEqual(['current']);
  });

  it('surfaces PVE’s refusals: a raw image cannot snapshot (said up front too), a reserved name, a missing snapshot', async () => {
    const tree = (await list(a.web, rawVm)).data!;
    expect(tree.capability.ok).toBe(false);
    expect(tree.capability.pveText).toBe('snapshot feature is not available');
    expect(tree.capability.reason).toContain('raw file on storage local');
    const refused = await runAction(a.web, 'createSnapshotAction', { nodeId: a.nodeId, vmid: rawVm, guest: 'qemu', snapname: 'nope' });
    expect(refused.data?.ok).toBe(false);
    expect(refused.data?.message).toContain('snapshot feature is not available');

    const reserved = await runAction(a.web, 'createSnapshotAction', { nodeId: a.nodeId, vmid: vm, guest: 'qemu', snapname: 'pending' });
    expect(reserved.data?.ok).toBe(false);
    expect(reserved.data?.message).toBe("Proxmox VE refused: unable to use snapshot name 'pending' (reserved name)");

    const missing = await runAction(a.web, 'rollbackSnapshotAction', { nodeId: a.nodeId, vmid: vm, guest: 'qemu', snapname: 'never-taken' });
    expect(missing.data?.message).toContain("snapshot 'never-taken' does not exist");
  });

  it('the VM page has a Snapshots tab; the overview no longer says snapshots are managed elsewhere', async () => {
    const page = await a.web.page(`/containers/${a.nodeId}/${vm}?tab=snapshots`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-testid="snapshots"');
    const overview = await a.web.page(`/containers/${a.nodeId}/${vm}`);
    expect(overview.html).toContain('Console is not available for VMs');
    expect(overview.html).not.toContain('data-testid="snapshots"');
  });

  it('keeps snapshot operations to the right kind of guest, and to the node’s users', async () => {
    const ct = (await pve.clusterResources('vm')).find((g) => g.type === 'lxc')!;
    // a container's VMID is not a VM's, and a VM's is not a container's
    expect((await a.web.action('createSnapshotAction', { nodeId: a.nodeId, vmid: ct.vmid, guest: 'qemu', snapname: 'x1' })).serverError?.code).toBe('NOT_FOUND');
    expect((await a.web.action('createSnapshotAction', { nodeId: a.nodeId, vmid: vm, snapname: 'x1' })).serverError?.code).toBe('NOT_FOUND');
    const stranger = await signedIn(webUrl);
    expect((await list(stranger.web)).serverError?.code).toBe('NOT_FOUND');
    expect((await stranger.web.action('createSnapshotAction', { nodeId: a.nodeId, vmid: vm, guest: 'qemu', snapname: 'mine' })).serverError?.code).toBe('NOT_FOUND');
    expect((await stranger.web.action('describeSnapshotAction', { nodeId: a.nodeId, vmid: vm, guest: 'qemu', snapname: 'mine', description: 'x' })).serverError?.code).toBe('NOT_FOUND');
    expect((await stranger.web.action('backupNowAction', { nodeId: a.nodeId, vmid: vm, guest: 'qemu', storage: 'local', mode: 'snapshot', compress: 'zstd' })).serverError?.code).toBe('NOT_FOUND');
    expect(await getDb().operation.count({ where: { userId: stranger.user.id } })).toBe(0);
  });
});

describe('VM backups through Kiln', () => {
  it('backs a VM up to a .vma.zst, restores it into a new VMID and over itself', async () => {
    const backup = await runAction(a.web, 'backupNowAction', {
      nodeId: a.nodeId,
      vmid: vm,
      guest: 'qemu',
      storage: 'local',
      mode: 'snapshot',
      compress: 'zstd',
      notesTemplate: '{{guestname}}',
      protected: false,
    });
    expect(backup.data, backup.raw.slice(0, 300)).toMatchObject({ ok: true, state: 'succeeded' });
    expect(backup.data!.log).toContain(`INFO: Starting Backup of VM ${vm} (qemu)`);
    const [archive] = await pve.backups('pve1', 'local', { vmid: vm });
    expect(archive?.volid).toMatch(new RegExp(`^local:backup/vzdump-qemu-${vm}-\\d{4}_\\d\\d_\\d\\d-\\d\\d_\\d\\d_\\d\\d\\.vma\\.zst$`));
    const volid = archive!.volid;

    const target = await pve.nextId();
    const restore = await runAction(a.web, 'restoreBackupAction', { nodeId: a.nodeId, volid, vmid: target, overwrite: false, storage: 'local-lvm', start: false });
    expect(restore.data?.message ?? restore.raw.slice(0, 300)).toBe(`Restored the backup as VM ${target} on pve1.`);
    expect(restore.data!.upid).toMatch(new RegExp(`:qmrestore:${target}:`));
    expect(await pve.qemuConfig('pve1', target)).toMatchObject({ name: 'app-vm', memory: '2048' });

    // over the running VM: PVE refuses with its text; stopped, it is restored
    const running = await runAction(a.web, 'restoreBackupAction', { nodeId: a.nodeId, volid, vmid: vm, overwrite: true, storage: 'local-lvm' });
    expect(running.data?.ok).toBe(false);
    expect(running.data?.message).toBe(`Proxmox VE refused: unable to restore VM ${vm} - vm is running`);
    await runAction(a.web, 'vmPowerAction', { nodeId: a.nodeId, vmid: vm, op: 'stop' });
    const over = await runAction(a.web, 'restoreBackupAction', { nodeId: a.nodeId, volid, vmid: vm, overwrite: true, storage: 'local-lvm', start: true });
    expect(over.data?.message ?? over.raw.slice(0, 300)).toBe('Restored app-vm from the backup.');
    expect((await pve.qemuStatus('pve1', vm)).status).toBe('running');

    // the VM page's Backups tab lists the archive, with Back up now for its operator
    const page = await a.web.page(`/containers/${a.nodeId}/${vm}?tab=backups`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('aria-label="VM sections"');
    expect(page.html).toContain(volid.slice('local:backup/'.length));
    expect(page.html).toContain('Back up now');

    // new resources are a container restore's: a VM comes back as it was backed up
    const resized = await a.web.action('restoreBackupAction', { nodeId: a.nodeId, volid, vmid: target + 1, overwrite: false, storage: 'local-lvm', cores: 8 });
    expect(resized.serverError?.message).toBe('A VM is restored with the resources of its backup.');
  });
});
