/**
 * Whether Proxmox VE can snapshot a container, decided up front from its disks' storages the way
 * `PVE::LXC::Config->has_feature('snapshot')` does: every volume mount point must sit on a storage
 * whose plugin snapshots raw volumes; bind and device mount points never can. PVE's own refusal
 * is the text the user would otherwise get from the task.
 */
export const PVE_SNAPSHOT_REFUSAL = 'snapshot feature is not available';

/** Storage types whose plugins snapshot container volumes (a `dir`, NFS or CIFS volume is a raw file). */
const SNAPSHOT_STORAGE_TYPES = new Set(['lvmthin', 'zfspool', 'rbd', 'btrfs']);

export type SnapshotCapability = { ok: true } | { ok: false; reason: string; pveText: typeof PVE_SNAPSHOT_REFUSAL };

/** A disk of the container: `rootfs` or `mpN`, and its volume (`local-lvm:vm-101-disk-0`, or a host path for a bind mount). */
export interface ContainerDisk {
  key: string;
  volume: string;
}

/**
 * A VM's disks (`QemuConfig->has_feature`): the same storages, plus qcow2 files on a file storage
 * (a qcow2 image snapshots itself); a raw file there cannot.
 */
const FILE_STORAGE_TYPES = new Set(['dir', 'nfs', 'cifs', 'glusterfs', 'cephfs']);

export function snapshotCapability(disks: readonly ContainerDisk[], storageTypes: ReadonlyMap<string, string>, guest: 'lxc' | 'qemu' = 'lxc'): SnapshotCapability {
  for (const { key, volume } of disks) {
    if (guest === 'qemu') {
      const storage = volume.split(':')[0] ?? volume;
      const type = storageTypes.get(storage);
      if (volume.startsWith('/') || !type) return { ok: false, pveText: PVE_SNAPSHOT_REFUSAL, reason: `Disk ${key} (${volume}) is not on a Proxmox VE storage, which cannot snapshot it.` };
      if (SNAPSHOT_STORAGE_TYPES.has(type) || (FILE_STORAGE_TYPES.has(type) && volume.endsWith('.qcow2'))) continue;
      return {
        ok: false,
        pveText: PVE_SNAPSHOT_REFUSAL,
        reason: `Disk ${key} is ${FILE_STORAGE_TYPES.has(type) ? 'a raw file ' : ''}on storage ${storage} (type ${type}), which cannot snapshot it. Snapshots need LVM-thin, ZFS, Ceph RBD or btrfs storage, or qcow2 disks.`,
      };
    }
    const where = key === 'rootfs' ? 'The root disk' : `Mount point ${key}`;
    if (volume.startsWith('/')) {
      return { ok: false, pveText: PVE_SNAPSHOT_REFUSAL, reason: `${where} is a bind or device mount (${volume}), which Proxmox VE cannot snapshot.` };
    }
    const storage = volume.split(':')[0] ?? volume;
    const type = storageTypes.get(storage);
    if (!type || !SNAPSHOT_STORAGE_TYPES.has(type)) {
      return {
        ok: false,
        pveText: PVE_SNAPSHOT_REFUSAL,
        reason: `${where} is on storage ${storage}${type ? ` (type ${type})` : ''}, which cannot snapshot container volumes. Snapshots need LVM-thin, ZFS, Ceph RBD or btrfs storage.`,
      };
    }
  }
  return { ok: true };
}
