import type { Db } from '@kiln/db';
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
export async function containerSnapshots(deps: { db: Db; redis: Redis }, userId: string, ref: ContainerRef): Promise<SnapshotList> {
  const loc = await locateExistingContainer(deps, userId, ref, { need: LIST_ROLE });
  try {
    const [list, config, storages] = await Promise.all([loc.pve.lxcSnapshots(loc.pveNode, ref.vmid), loc.pve.lxcConfig(loc.pveNode, ref.vmid), loc.pve.storages(loc.pveNode)]);
    const disks: ContainerDisk[] = [];
    if (config.rootfs) disks.push({ key: 'rootfs', volume: config.rootfs.volume });
    for (const [i, mp] of Object.entries(config.mp)) disks.push({ key: `mp${i}`, volume: mp.volume });
    const lock = typeof config.raw['lock'] === 'string' ? config.raw['lock'] : undefined;
    return {
      entries: snapshotTree(list),
      capability: snapshotCapability(disks, new Map(storages.map((s) => [s.storage, s.type]))),
      running: list.find((s) => s.name === 'current')?.running ?? loc.guest.status === 'running',
      ...(lock ? { lock } : {}),
      at: Date.now(),
    };
  } catch (e) {
    return toContainerOpError(e);
  }
}

/** Worker handler of `snapshot.list`: AppErrors travel back as data (job-answer.ts). */
export function serveSnapshotList(deps: { db: Db; redis: Redis }, data: JobData<'listSnapshots'>) {
  return answer(() => containerSnapshots(deps, data.userId, { nodeId: data.nodeId, vmid: data.vmid }));
}

/** The web's side: checks the caller's role, then asks the worker (the web process does not call PVE for this). */
export async function requestSnapshotList(deps: { db: Db; redis: Redis }, userId: string, ref: ContainerRef): Promise<SnapshotList> {
  await nodeForRole(deps.db, userId, ref.nodeId, LIST_ROLE);
  return unwrapAnswer<SnapshotList>(await askWorker('listSnapshots', { userId, nodeId: ref.nodeId, vmid: ref.vmid }, 'this container’s snapshots'));
}
