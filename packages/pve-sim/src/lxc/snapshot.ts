import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { guestSnapshotConfig, type SnapshotKind } from '../guest-snapshot';
import { assertNotLocked, type Sim } from '../sim';
import { storageDef } from '../state/storage';
import type { ContainerRecord, SnapshotRecord } from '../state/types';
import { configDigest, configFileText, parseMountPoint } from './config-schema';
import { pendingSectionText } from './pending';
import { startContainerNow, stopContainerNow } from './power';

/**
 * Container snapshots: `PVE::LXC::Config`'s hooks for the common snapshot code (guest-snapshot.ts).
 * The storage side is real: a snapshot copies the container's root filesystem, a rollback puts
 * that copy back.
 */

/** Where the filesystem copy of a snapshot lives (the thin pool's `snap_vm-<vmid>-disk-N_<name>`). */
export function snapshotDir(sim: Sim, vmid: number, snapname?: string): string {
  const base = join(sim.settings.dataDir, 'snapshots', String(vmid));
  return snapname === undefined ? base : join(base, snapname);
}

/** The config file's digest: PVE hashes the whole file, `[snapname]` sections included. */
export function containerDigest(ct: ContainerRecord): string {
  const snaps = ct.snapshots ?? {};
  const names = Object.keys(snaps).sort();
  if (names.length === 0 && !ct.pending && !ct.pendingDelete) return configDigest(ct.config);
  let text = configFileText(ct.config) + pendingSectionText(ct);
  for (const name of names) {
    const snap = snaps[name];
    if (!snap) continue;
    text += `\n[${name}]\n${configFileText(snapshotSection(snap))}`;
  }
  return createHash('sha1').update(text).digest('hex');
}

/** A snapshot's section as stored: its config plus description, snaptime and snapstate. */
function snapshotSection(snap: SnapshotRecord): Record<string, string> {
  const out: Record<string, string> = { ...snap.config, snaptime: String(snap.snaptime) };
  if (snap.description) out['description'] = snap.description;
  if (snap.snapstate) out['snapstate'] = snap.snapstate;
  return out;
}

/**
 * `has_feature('snapshot', ...)`: every volume mount point's storage must snapshot it. Thin LVM
 * and ZFS can; a `dir` storage only snapshots qcow2 files, which containers never use; bind and
 * device mount points cannot be snapshot at all.
 */
export function canSnapshot(conf: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(conf)) {
    if (key !== 'rootfs' && !/^mp\d+$/.test(key)) continue;
    const mp = parseMountPoint(key, value);
    if (mp.type !== 'volume') return false;
    const def = storageDef(mp.volume.split(':')[0] ?? '');
    if (!def || def.type === 'dir') return false;
  }
  return true;
}

/** Volume names of the container's disks, for the LVM lines in task logs. */
function diskNames(conf: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(conf)) {
    if (key !== 'rootfs' && !/^mp\d+$/.test(key)) continue;
    const mp = parseMountPoint(key, value);
    if (mp.type === 'volume') out.push(mp.volume.split(':')[1] ?? mp.volume);
  }
  return out;
}

/** `PVE::LXC::Config`'s hooks: the storage side copies the root filesystem and puts it back. */
export const LXC_SNAPSHOTS: SnapshotKind<ContainerRecord> = {
  load: (sim, node, vmid) => sim.loadConfig(node, vmid),
  find: (sim, vmid) => sim.container(vmid),
  tasks: { create: 'vzsnapshot', delete: 'vzdelsnapshot', rollback: 'vzrollback' },
  reserved: ['vzdump'],
  assertNotLocked,
  canSnapshot,
  digest: containerDigest,
  running: (sim, ct) => sim.isRunningOn(ct.node, ct.vmid),
  take: async (sim, ct, snapname, log) => {
    await sim.ensureRootfs(ct.vmid);
    await sim.sandbox.copyTree(sim.rootDir(ct.vmid), snapshotDir(sim, ct.vmid, snapname));
    for (const disk of diskNames(ct.config)) log(`  Logical volume "snap_${disk}_${snapname}" created.`);
  },
  drop: async (sim, ct, snapname, snap, log) => {
    await sim.sandbox.removeTree(snapshotDir(sim, ct.vmid, snapname));
    for (const disk of diskNames(snap.config)) log(`  Logical volume "snap_${disk}_${snapname}" successfully removed.`);
  },
  restore: async (sim, ct, snapname, snap, log) => {
    const target = { vmid: ct.vmid, rootDir: sim.rootDir(ct.vmid), hostname: ct.config['hostname'] || `CT${ct.vmid}` };
    // `__snapshot_rollback_vm_stop`: a running container is stopped hard first
    if (ct.status === 'running') {
      stopContainerNow(sim, ct);
      await sim.sandbox.stopped(target);
    }
    await sim.sandbox.replaceTree(snapshotDir(sim, ct.vmid, snapname), sim.rootDir(ct.vmid));
    ct.rootfsReady = true;
    for (const disk of diskNames(snap.config)) {
      log(`  Logical volume "${disk}" successfully removed.`);
      log(`  Logical volume "${disk}" created.`);
    }
  },
  start: async (sim, ct) => {
    startContainerNow(sim, ct);
    await sim.sandbox.started({ vmid: ct.vmid, rootDir: sim.rootDir(ct.vmid), hostname: ct.config['hostname'] || `CT${ct.vmid}` });
  },
};

/** `GET .../snapshot/{snapname}/config` (and `GET .../config?snapshot=`): the section itself. */
export function snapshotConfig(ct: ContainerRecord, snapname: string): ReturnType<typeof guestSnapshotConfig> {
  return guestSnapshotConfig(ct, snapname);
}

/** Removes every snapshot copy of a destroyed container. */
export async function dropSnapshots(sim: Sim, vmid: number): Promise<void> {
  await sim.sandbox.removeTree(snapshotDir(sim, vmid));
}
