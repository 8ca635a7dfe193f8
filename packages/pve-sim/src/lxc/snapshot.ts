import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pveDie } from '../http/errors';
import { assertNotLocked, type Sim } from '../sim';
import { storageDef } from '../state/storage';
import type { ContainerRecord, NodeRecord, SnapshotRecord, TaskRecord } from '../state/types';
import { configDigest, configFileText, parseMountPoint } from './config-schema';
import { pendingSectionText } from './pending';
import { startContainerNow, stopContainerNow } from './power';

/**
 * Container snapshots as pve-container does them (`PVE::AbstractConfig::snapshot_create`,
 * `snapshot_rollback`, `snapshot_delete` with `PVE::LXC::Config`'s hooks). The storage side is
 * real: a snapshot copies the container's root filesystem, a rollback puts that copy back.
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

/** `__snapshot_copy_config`: everything but the lock, the description, unused disks and digests. */
function copyConfig(conf: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(conf)) {
    if (k === 'lock' || k === 'description' || k === 'digest' || /^unused\d+$/.test(k)) continue;
    out[k] = v;
  }
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

export interface SnapshotListEntry {
  name: string;
  snaptime?: number;
  description: string;
  parent?: string;
  snapstate?: string;
  digest?: string;
  running?: number;
}

/** `GET .../snapshot`: every snapshot, then the `current` state ("You are here!"). */
export function listSnapshots(sim: Sim, ct: ContainerRecord): SnapshotListEntry[] {
  const out: SnapshotListEntry[] = [];
  // Perl hash order is arbitrary; oldest first reads best and clients must not depend on it
  const entries = Object.entries(ct.snapshots ?? {}).sort((a, b) => a[1].snaptime - b[1].snaptime);
  for (const [name, snap] of entries) {
    const item: SnapshotListEntry = { name, snaptime: snap.snaptime || 0, description: snap.description || '' };
    if (snap.config['parent'] !== undefined) item.parent = snap.config['parent'];
    if (snap.snapstate) item.snapstate = snap.snapstate;
    out.push(item);
  }
  const current: SnapshotListEntry = {
    name: 'current',
    digest: containerDigest(ct),
    running: sim.isRunningOn(ct.node, ct.vmid) ? 1 : 0,
    description: 'You are here!',
  };
  if (ct.config['parent'] !== undefined) current.parent = ct.config['parent'];
  out.push(current);
  return out;
}

/** `GET .../snapshot/{snapname}/config` (and `GET .../config?snapshot=`): the section itself. */
export function snapshotConfig(ct: ContainerRecord, snapname: string): { config: Record<string, string>; snaptime: number; description?: string; snapstate?: string } {
  const snap = ct.snapshots?.[snapname];
  if (!snap) throw pveDie(`snapshot '${snapname}' does not exist`);
  return { config: snap.config, snaptime: snap.snaptime, ...(snap.description ? { description: snap.description } : {}), ...(snap.snapstate ? { snapstate: snap.snapstate } : {}) };
}

/** `PUT .../snapshot/{snapname}/config`: only the description can change. */
export async function updateSnapshotDescription(sim: Sim, node: string, vmid: number, snapname: string, description: string | undefined): Promise<void> {
  if (description === undefined) return;
  await sim.waitConfigLock(vmid);
  const ct = sim.loadConfig(node, vmid);
  assertNotLocked(ct);
  const snap = ct.snapshots?.[snapname];
  if (!snap) throw pveDie(`snapshot '${snapname}' does not exist`);
  if (description) snap.description = description;
  else delete snap.description;
  sim.markDirty();
}

interface LockedTaskSpec {
  node: NodeRecord;
  authid: string;
  vmid: number;
  type: string;
  /**
   * The worker's first step, run as soon as it forks (under the config flock in PVE): checks and
   * sets the lock. Its errors fail the task, as they do in a PVE worker.
   */
  prepare: (ct: ContainerRecord) => void;
  /** The work itself, after the task's time; the lock is still held. */
  effect: (ct: ContainerRecord, log: (line: string) => void) => Promise<void>;
  /** What a failure leaves behind (PVE keeps some locks on purpose). */
  onFailure: (ct: ContainerRecord | undefined) => Promise<void> | void;
}

/** A worker that holds a config lock (`snapshot`, `rollback`, ...) for its whole run. */
function startLockedTask(sim: Sim, spec: LockedTaskSpec): TaskRecord {
  let prepareError: unknown;
  try {
    spec.prepare(sim.loadConfig(spec.node.name, spec.vmid));
    sim.markDirty();
  } catch (err) {
    prepareError = err;
  }
  return sim.tasks.start({
    node: spec.node,
    type: spec.type,
    id: String(spec.vmid),
    user: spec.authid,
    durationMs: sim.settings.taskMs,
    commit: async (log) => {
      if (prepareError) throw prepareError;
      await spec.effect(sim.loadConfig(spec.node.name, spec.vmid), log);
      sim.markDirty();
    },
    rollback: async () => {
      if (prepareError) return;
      await spec.onFailure(sim.container(spec.vmid));
      sim.markDirty();
    },
  });
}

/** `POST .../snapshot`: a `vzsnapshot` worker. */
export function createSnapshot(sim: Sim, authid: string, nodeName: string, vmid: number, snapname: string, description: string | undefined): TaskRecord {
  const node = sim.proxyNode(nodeName);
  if (snapname === 'current') throw pveDie("unable to use snapshot name 'current' (reserved name)");
  if (snapname === 'vzdump') throw pveDie("unable to use snapshot name 'vzdump' (reserved name)");
  return startLockedTask(sim, {
    node,
    authid,
    vmid,
    type: 'vzsnapshot',
    prepare: (ct) => {
      if (ct.config['template'] === '1') throw pveDie("you can't take a snapshot if it's a template");
      assertNotLocked(ct);
      const snapshots = (ct.snapshots ??= {});
      if (snapshots[snapname]) throw pveDie(`snapshot name '${snapname}' already used`);
      if (!canSnapshot(ct.config)) throw pveDie('snapshot feature is not available');
      ct.config['lock'] = 'snapshot';
      snapshots[snapname] = { config: copyConfig(ct.config), snaptime: Math.floor(Date.now() / 1000), snapstate: 'prepare', ...(description ? { description } : {}) };
    },
    effect: async (ct, log) => {
      await sim.ensureRootfs(vmid);
      await sim.sandbox.copyTree(sim.rootDir(vmid), snapshotDir(sim, vmid, snapname));
      for (const disk of diskNames(ct.config)) log(`  Logical volume "snap_${disk}_${snapname}" created.`);
      const snap = ct.snapshots?.[snapname];
      if (snap) delete snap.snapstate;
      ct.config['parent'] = snapname;
      delete ct.config['lock'];
    },
    // snapshot_create cleans up after itself: the half-made snapshot and the lock go
    onFailure: async (ct) => {
      if (ct?.snapshots?.[snapname]?.snapstate === 'prepare') delete ct.snapshots[snapname];
      if (ct?.config['lock'] === 'snapshot') delete ct.config['lock'];
      await sim.sandbox.removeTree(snapshotDir(sim, vmid, snapname));
    },
  });
}

/** `DELETE .../snapshot/{snapname}`: a `vzdelsnapshot` worker. */
export function deleteSnapshot(sim: Sim, authid: string, nodeName: string, vmid: number, snapname: string, force: boolean): TaskRecord {
  const node = sim.proxyNode(nodeName);
  return startLockedTask(sim, {
    node,
    authid,
    vmid,
    type: 'vzdelsnapshot',
    prepare: (ct) => {
      // `force` removes a snapshot left in `snapstate: delete` by a failed earlier run
      if (!force) assertNotLocked(ct);
      const snap = ct.snapshots?.[snapname];
      if (!snap) throw pveDie(`snapshot '${snapname}' does not exist`);
      ct.config['lock'] = 'snapshot-delete';
      snap.snapstate = 'delete';
    },
    effect: async (ct, log) => {
      const snap = ct.snapshots?.[snapname];
      if (!snap) throw new Error(`snapshot '${snapname}' does not exist`);
      await sim.sandbox.removeTree(snapshotDir(sim, vmid, snapname));
      for (const disk of diskNames(snap.config)) log(`  Logical volume "snap_${disk}_${snapname}" successfully removed.`);
      // children and the current state move up to the deleted snapshot's parent
      const parent = snap.config['parent'];
      const reparent = (conf: Record<string, string>): void => {
        if (conf['parent'] !== snapname) return;
        if (parent === undefined) delete conf['parent'];
        else conf['parent'] = parent;
      };
      delete ct.snapshots?.[snapname];
      for (const other of Object.values(ct.snapshots ?? {})) reparent(other.config);
      reparent(ct.config);
      delete ct.config['lock'];
    },
    // a failed delete leaves the snapshot in `snapstate: delete` and the lock, as in PVE
    onFailure: () => undefined,
  });
}

/** `POST .../snapshot/{snapname}/rollback`: a `vzrollback` worker; `start` boots it afterwards. */
export function rollbackSnapshot(sim: Sim, authid: string, nodeName: string, vmid: number, snapname: string, start: boolean): TaskRecord {
  const node = sim.proxyNode(nodeName);
  return startLockedTask(sim, {
    node,
    authid,
    vmid,
    type: 'vzrollback',
    prepare: (ct) => {
      if (ct.config['template'] === '1') throw pveDie("you can't rollback if vm is a template");
      const snap = ct.snapshots?.[snapname];
      if (!snap) throw pveDie(`snapshot '${snapname}' does not exist`);
      if (snap.snapstate) throw pveDie(`unable to rollback to incomplete snapshot (snapstate = ${snap.snapstate})`);
      assertNotLocked(ct);
      ct.config['lock'] = 'rollback';
    },
    effect: async (ct, log) => {
      const target = { vmid, rootDir: sim.rootDir(vmid), hostname: ct.config['hostname'] || `CT${vmid}` };
      // `__snapshot_rollback_vm_stop`: a running container is stopped hard first
      if (ct.status === 'running') {
        stopContainerNow(sim, ct);
        await sim.sandbox.stopped(target);
      }
      const snap = ct.snapshots?.[snapname];
      if (!snap) throw new Error(`snapshot '${snapname}' does not exist`);
      await sim.sandbox.replaceTree(snapshotDir(sim, vmid, snapname), sim.rootDir(vmid));
      ct.rootfsReady = true;
      for (const disk of diskNames(snap.config)) {
        log(`  Logical volume "${disk}" successfully removed.`);
        log(`  Logical volume "${disk}" created.`);
      }
      // `__snapshot_apply_config`: the snapshot's config, keeping description and unused disks
      const next: Record<string, string> = { ...snap.config };
      for (const [k, v] of Object.entries(ct.config)) if (k === 'description' || /^unused\d+$/.test(k)) next[k] = v;
      next['parent'] = snapname;
      ct.config = next;
      if (start) {
        startContainerNow(sim, ct);
        await sim.sandbox.started({ ...target, hostname: ct.config['hostname'] || `CT${vmid}` });
      }
    },
    // PVE leaves `lock: rollback` after a failed rollback: the disk state is unknown
    onFailure: () => undefined,
  });
}

/** Removes every snapshot copy of a destroyed container. */
export async function dropSnapshots(sim: Sim, vmid: number): Promise<void> {
  await sim.sandbox.removeTree(snapshotDir(sim, vmid));
}
