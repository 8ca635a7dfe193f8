import type { Db } from '@kiln/db';
import type { GuestType, PveClient } from '@kiln/pve';
import type { JobData } from '@kiln/queue';
import type { Redis } from '@kiln/redis';
import { toContainerOpError } from '../containers/errors';
import { answer, unwrapAnswer } from '../containers/job-answer';
import { locateExistingContainer, type ContainerRef } from '../containers/locate';
import { askWorker } from '../containers/services-remote';
import { nodeForRole } from '../nodes/access';
import { snapshotCapability, type ContainerDisk, type SnapshotCapability } from './capability';
import { snapshotTree, type SnapshotEntry } from './tree';

/** Listing snapshots is reading: viewers of a shared node see them; changing them is for operators. */
const LIST_ROLE = 'viewer';

export interface SnapshotList {
  entries: SnapshotEntry[];
  capability: SnapshotCapability;
  running: boolean;
  /** The container's config lock (`snapshot`, `rollback`, `backup`, ...) while a task holds it. */
  lock?: string;
  at: number;
}

/**
 * The worker's side: the snapshot tree, whether the container's storages can snapshot at all
 * (so the UI says why up front instead of letting PVE refuse), its state and lock. Three PVE reads.
 */
export async function containerSnapshots(deps: { db: Db; redis: Redis }, userId: string, ref: ContainerRef, type: GuestType = 'lxc'): Promise<SnapshotList> {
  const loc = await locateExistingContainer(deps, userId, ref, { need: LIST_ROLE, type });
  try {
    const [list, guestConfig, storages] = await Promise.all([loc.pve.snapshots(type, loc.pveNode, ref.vmid), readDisks(loc.pve, type, loc.pveNode, ref.vmid), loc.pve.storages(loc.pveNode)]);
    const { disks, lock } = guestConfig;
    return {
      entries: snapshotTree(list),
      capability: snapshotCapability(disks, new Map(storages.map((s) => [s.storage, s.type])), type),
      running: list.find((s) => s.name === 'current')?.running ?? loc.guest.status === 'running',
      ...(lock ? { lock } : {}),
      at: Date.now(),
    };
  } catch (e) {
    return toContainerOpError(e);
  }
}

/** The guest's disks and config lock (one config read). */
async function readDisks(pve: PveClient, type: GuestType, pveNode: string, vmid: number): Promise<{ disks: ContainerDisk[]; lock?: string }> {
  if (type === 'qemu') {
    const config: Readonly<Record<string, string>> = await pve.qemuConfig(pveNode, vmid);
    return { disks: vmDisks(config), ...(config['lock'] ? { lock: config['lock'] } : {}) };
  }
  const config = await pve.lxcConfig(pveNode, vmid);
  const disks: ContainerDisk[] = [];
  if (config.rootfs) disks.push({ key: 'rootfs', volume: config.rootfs.volume });
  for (const [i, mp] of Object.entries(config.mp)) disks.push({ key: `mp${i}`, volume: mp.volume });
  const lock = typeof config.raw['lock'] === 'string' ? config.raw['lock'] : undefined;
  return { disks, ...(lock ? { lock } : {}) };
}

/** A VM's disks as qemu-server visits them: no CD-ROMs, no `none`. */
function vmDisks(config: Readonly<Record<string, string>>): ContainerDisk[] {
  return Object.entries(config)
    .filter(([k, v]) => /^(ide|sata|scsi|virtio)\d+$|^efidisk0$|^tpmstate0$/.test(k) && !/(?:^|,)media=cdrom(?:,|$)/.test(v))
    .map(([key, v]) => ({ key, volume: v.split(',')[0] ?? '' }))
    .filter((d) => d.volume && d.volume !== 'none');
}

/** Worker handler of `snapshot.list`: AppErrors travel back as data (job-answer.ts). */
export function serveSnapshotList(deps: { db: Db; redis: Redis }, data: JobData<'listSnapshots'>) {
  return answer(() => containerSnapshots(deps, data.userId, { nodeId: data.nodeId, vmid: data.vmid }, data.type));
}

/** The web's side: checks the caller's role, then asks the worker (the web process does not call PVE for this). */
export async function requestSnapshotList(deps: { db: Db; redis: Redis }, userId: string, ref: ContainerRef, type: GuestType = 'lxc'): Promise<SnapshotList> {
  await nodeForRole(deps.db, userId, ref.nodeId, LIST_ROLE);
  return unwrapAnswer<SnapshotList>(await askWorker('listSnapshots', { userId, nodeId: ref.nodeId, vmid: ref.vmid, type }, type === 'qemu' ? 'this VM’s snapshots' : 'this container’s snapshots'));
}
