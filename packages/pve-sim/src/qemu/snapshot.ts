import type { SnapshotKind } from '../guest-snapshot';
import { storageDef } from '../state/storage';
import type { VmRecord } from '../state/types';
import { assertVmNotLocked, vmDigest } from './facts';
import { startVmNow, stopVmNow } from './power';

/**
 * VM snapshots: `PVE::QemuConfig`'s hooks for the common snapshot code (guest-snapshot.ts). The
 * simulator runs no QEMU, so the storage side is bookkeeping and task log lines; `vmstate` puts a
 * state volume in the section and a rollback to it resumes the VM as it was.
 */

/** Keys of the config that are disks (`PVE::QemuServer::Drive::is_valid_drivename`). */
const DRIVE = /^(ide|sata|scsi|virtio)\d+$|^efidisk0$|^tpmstate0$/;

interface Drive {
  key: string;
  volid: string;
}

/** The VM's disks as `foreach_volume` visits them: no CD-ROMs, no `none`. */
export function vmDrives(conf: Readonly<Record<string, string>>): Drive[] {
  const out: Drive[] = [];
  for (const [key, value] of Object.entries(conf)) {
    if (!DRIVE.test(key) || /(?:^|,)media=cdrom(?:,|$)/.test(value)) continue;
    const volid = value.split(',')[0] ?? '';
    if (volid && volid !== 'none') out.push({ key, volid });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * `has_feature('snapshot', ...)` over every disk: thin LVM snapshots anything, a `dir` storage only
 * qcow2 files; a path outside any storage cannot be snapshot.
 */
export function vmCanSnapshot(conf: Readonly<Record<string, string>>): boolean {
  for (const { volid } of vmDrives(conf)) {
    const def = storageDef(volid.split(':')[0] ?? '');
    if (!def || !volid.includes(':')) return false;
    if (def.type === 'dir' && !volid.endsWith('.qcow2')) return false;
  }
  return true;
}

const volname = (volid: string): string => volid.slice(volid.indexOf(':') + 1);

/** Where `vmstate` goes: the config's `vmstatestorage`, else the storage of the first disk. */
function stateStorage(conf: Readonly<Record<string, string>>): string {
  return conf['vmstatestorage'] ?? vmDrives(conf)[0]?.volid.split(':')[0] ?? 'local-lvm';
}

const RUNTIME_KEYS = /^(vmstate|runningmachine|runningcpu)$/;

export const QEMU_SNAPSHOTS: SnapshotKind<VmRecord> = {
  load: (sim, node, vmid) => sim.loadVmConfig(node, vmid),
  find: (sim, vmid) => sim.vm(vmid),
  tasks: { create: 'qmsnapshot', delete: 'qmdelsnapshot', rollback: 'qmrollback' },
  reserved: ['pending'],
  reservedIgnoreCase: true,
  assertNotLocked: assertVmNotLocked,
  canSnapshot: vmCanSnapshot,
  digest: vmDigest,
  running: (_sim, vm) => vm.status === 'running',
  copySkips: RUNTIME_KEYS,
  rollbackSkips: RUNTIME_KEYS,
  // `vmstate` only counts for a running VM (snapshot_prepare drops it otherwise)
  sectionExtras: (vm, snapname, options): Record<string, string> =>
    options.vmstate && vm.status === 'running'
      ? { vmstate: `${stateStorage(vm.config)}:vm-${vm.vmid}-state-${snapname}`, runningmachine: 'pc-q35-10.0+pve1', runningcpu: `${vm.config['cpu'] || 'kvm64'},+kvm_pv_eoi,+kvm_pv_unhalt` }
      : {},
  take: async (_sim, vm, snapname, log) => {
    const snap = vm.snapshots?.[snapname];
    const mem = Number(vm.config['memory'] || 512);
    if (snap?.config['vmstate']) {
      log(`saving VM state and RAM using storage '${snap.config['vmstate'].split(':')[0] ?? ''}'`);
      log(`completed saving the VM state in 1s, saved ${((mem * 0.2) / 1024).toFixed(2)} GiB`);
    } else if (vm.status === 'running' && vm.agentRunning && vm.config['agent']) {
      log("issuing guest-agent 'fs-freeze' command");
      log("issuing guest-agent 'fs-thaw' command");
    }
    for (const d of vmDrives(vm.config)) {
      log(`snapshotting 'drive-${d.key}' (${d.volid})`);
      log(`  Logical volume "snap_${volname(d.volid)}_${snapname}" created.`);
    }
  },
  drop: async (_sim, _vm, snapname, snap, log) => {
    if (snap.config['vmstate']) log(`  Logical volume "${volname(snap.config['vmstate'])}" successfully removed.`);
    for (const d of vmDrives(snap.config)) log(`  Logical volume "snap_${volname(d.volid)}_${snapname}" successfully removed.`);
  },
  restore: async (sim, vm, _snapname, snap, log) => {
    // `__snapshot_rollback_vm_stop`: a running VM is stopped hard first
    if (vm.status === 'running') stopVmNow(sim, vm);
    for (const d of vmDrives(snap.config)) {
      log(`  Logical volume "${volname(d.volid)}" successfully removed.`);
      log(`  Logical volume "${volname(d.volid)}" created.`);
    }
  },
  start: async (sim, vm) => {
    if (vm.status !== 'running') startVmNow(sim, vm);
  },
  // "VMs will be automatically started if the snapshot includes RAM."
  startsItself: (snap) => snap.config['vmstate'] !== undefined,
};
