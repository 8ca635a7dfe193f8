import { pveDie } from './http/errors';
import type { Sim } from './sim';
import type { NodeRecord, PowerState, SnapshotRecord, TaskRecord } from './state/types';

/**
 * Snapshots as `PVE::AbstractConfig` does them for both guest types (`snapshot_create`,
 * `snapshot_rollback`, `snapshot_delete`); `PVE::LXC::Config` and `PVE::QemuConfig` supply the
 * hooks (a {@link SnapshotKind}): how the config loads, the lock text, which storages can
 * snapshot, what the storage side does, and the task types (`vzsnapshot`, `qmsnapshot`, ...).
 */

/** A guest whose config file holds `[snapname]` sections. */
export interface SnapshotGuest {
  vmid: number;
  node: string;
  status: PowerState;
  config: Record<string, string>;
  snapshots?: Record<string, SnapshotRecord>;
}

export interface SnapshotKind<G extends SnapshotGuest> {
  /** `load_config` on a node (its "does not exist" text). */
  load: (sim: Sim, node: string, vmid: number) => G;
  /** The guest wherever it is (undefined once destroyed). */
  find: (sim: Sim, vmid: number) => G | undefined;
  tasks: { create: string; delete: string; rollback: string };
  /** Names the API refuses besides `current` (qemu-server compares `pending` case-insensitively). */
  reserved: readonly string[];
  reservedIgnoreCase?: boolean;
  /** `check_lock`: "CT is locked (x)" / "VM is locked (x)". */
  assertNotLocked: (guest: G) => void;
  /** `has_feature('snapshot')` over the guest's volumes (and the state volume with `vmstate`). */
  canSnapshot: (conf: Readonly<Record<string, string>>) => boolean;
  /** The config file's digest, `[snapname]` sections included. */
  digest: (guest: G) => string;
  running: (sim: Sim, guest: G) => boolean;
  /** Keys `__snapshot_copy_config` drops besides lock, description, digest and unused disks. */
  copySkips?: RegExp;
  /** The storage side of a new snapshot (after `prepare` set the lock and the section). */
  take: (sim: Sim, guest: G, snapname: string, log: (line: string) => void) => Promise<void>;
  /** Removes a snapshot's storage side. */
  drop: (sim: Sim, guest: G, snapname: string, snap: SnapshotRecord, log: (line: string) => void) => Promise<void>;
  /** Stops the guest, puts the snapshot's disks back; the config is applied by the caller. */
  restore: (sim: Sim, guest: G, snapname: string, snap: SnapshotRecord, log: (line: string) => void) => Promise<void>;
  /** Boots the guest after a rollback (`start`, or a snapshot with RAM for VMs). */
  start: (sim: Sim, guest: G, snap: SnapshotRecord) => Promise<void>;
  /** Whether a rollback boots the guest without `start` (a VM snapshot that includes RAM). */
  startsItself?: (snap: SnapshotRecord) => boolean;
  /** Extra config keys of the new section (`vmstate`, `runningmachine`), set when prepared. */
  sectionExtras?: (guest: G, snapname: string, options: CreateOptions) => Record<string, string>;
  /** Keys the snapshot's section keeps that the current config must not take back on rollback. */
  rollbackSkips?: RegExp;
}

export interface CreateOptions {
  description?: string;
  /** QEMU: save the RAM of a running VM as well. */
  vmstate?: boolean;
}

export interface SnapshotListEntry {
  name: string;
  snaptime?: number;
  description: string;
  parent?: string;
  snapstate?: string;
  vmstate?: number;
  digest?: string;
  running?: number;
}

/** `__snapshot_copy_config`: everything but the lock, the description, unused disks and digests. */
function copyConfig(conf: Readonly<Record<string, string>>, skips?: RegExp): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(conf)) {
    if (k === 'lock' || k === 'description' || k === 'digest' || /^unused\d+$/.test(k) || skips?.test(k)) continue;
    out[k] = v;
  }
  return out;
}

/** `GET .../snapshot`: every snapshot, then the `current` state ("You are here!"). */
export function listGuestSnapshots<G extends SnapshotGuest>(sim: Sim, kind: SnapshotKind<G>, guest: G): SnapshotListEntry[] {
  const out: SnapshotListEntry[] = [];
  // Perl hash order is arbitrary; oldest first reads best and clients must not depend on it
  const entries = Object.entries(guest.snapshots ?? {}).sort((a, b) => a[1].snaptime - b[1].snaptime);
  for (const [name, snap] of entries) {
    const item: SnapshotListEntry = { name, snaptime: snap.snaptime || 0, description: snap.description || '' };
    if (snap.config['parent'] !== undefined) item.parent = snap.config['parent'];
    if (snap.snapstate) item.snapstate = snap.snapstate;
    if (snap.config['vmstate'] !== undefined) item.vmstate = 1;
    out.push(item);
  }
  const current: SnapshotListEntry = { name: 'current', digest: kind.digest(guest), running: kind.running(sim, guest) ? 1 : 0, description: 'You are here!' };
  if (guest.config['parent'] !== undefined) current.parent = guest.config['parent'];
  out.push(current);
  return out;
}

/** `GET .../snapshot/{snapname}/config`: the section itself. */
export function guestSnapshotConfig(guest: SnapshotGuest, snapname: string): { config: Record<string, string>; snaptime: number; description?: string; snapstate?: string } {
  const snap = guest.snapshots?.[snapname];
  if (!snap) throw pveDie(`snapshot '${snapname}' does not exist`);
  return { config: snap.config, snaptime: snap.snaptime, ...(snap.description ? { description: snap.description } : {}), ...(snap.snapstate ? { snapstate: snap.snapstate } : {}) };
}

/** `PUT .../snapshot/{snapname}/config`: only the description can change. */
export async function updateGuestSnapshotDescription<G extends SnapshotGuest>(
  sim: Sim,
  kind: SnapshotKind<G>,
  node: string,
  vmid: number,
  snapname: string,
  description: string | undefined,
): Promise<void> {
  if (description === undefined) return;
  await sim.waitConfigLock(vmid);
  const guest = kind.load(sim, node, vmid);
  kind.assertNotLocked(guest);
  const snap = guest.snapshots?.[snapname];
  if (!snap) throw pveDie(`snapshot '${snapname}' does not exist`);
  if (description) snap.description = description;
  else delete snap.description;
  sim.markDirty();
}

interface LockedTaskSpec<G> {
  node: NodeRecord;
  authid: string;
  vmid: number;
  type: string;
  /**
   * The worker's first step, run as soon as it forks (under the config flock in PVE): checks and
   * sets the lock. Its errors fail the task, as they do in a PVE worker.
   */
  prepare: (guest: G) => void;
  /** The work itself, after the task's time; the lock is still held. */
  effect: (guest: G, log: (line: string) => void) => Promise<void>;
  /** What a failure leaves behind (PVE keeps some locks on purpose). */
  onFailure: (guest: G | undefined) => Promise<void> | void;
}

/** A worker that holds a config lock (`snapshot`, `rollback`, ...) for its whole run. */
function startLockedTask<G extends SnapshotGuest>(sim: Sim, kind: SnapshotKind<G>, spec: LockedTaskSpec<G>): TaskRecord {
  let prepareError: unknown;
  try {
    spec.prepare(kind.load(sim, spec.node.name, spec.vmid));
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
      await spec.effect(kind.load(sim, spec.node.name, spec.vmid), log);
      sim.markDirty();
    },
    rollback: async () => {
      if (prepareError) return;
      await spec.onFailure(kind.find(sim, spec.vmid));
      sim.markDirty();
    },
  });
}

/** `POST .../snapshot`: a `vzsnapshot`/`qmsnapshot` worker. */
export function createGuestSnapshot<G extends SnapshotGuest>(
  sim: Sim,
  kind: SnapshotKind<G>,
  authid: string,
  nodeName: string,
  vmid: number,
  snapname: string,
  options: CreateOptions = {},
): TaskRecord {
  const node = sim.proxyNode(nodeName);
  if (snapname === 'current') throw pveDie("unable to use snapshot name 'current' (reserved name)");
  const given = kind.reservedIgnoreCase ? snapname.toLowerCase() : snapname;
  for (const name of kind.reserved) if (given === name) throw pveDie(`unable to use snapshot name '${name}' (reserved name)`);
  return startLockedTask(sim, kind, {
    node,
    authid,
    vmid,
    type: kind.tasks.create,
    prepare: (guest) => {
      if (guest.config['template'] === '1') throw pveDie("you can't take a snapshot if it's a template");
      kind.assertNotLocked(guest);
      const snapshots = (guest.snapshots ??= {});
      if (snapshots[snapname]) throw pveDie(`snapshot name '${snapname}' already used`);
      if (!kind.canSnapshot(guest.config)) throw pveDie('snapshot feature is not available');
      guest.config['lock'] = 'snapshot';
      const config = { ...copyConfig(guest.config, kind.copySkips), ...(kind.sectionExtras?.(guest, snapname, options) ?? {}) };
      snapshots[snapname] = { config, snaptime: Math.floor(Date.now() / 1000), snapstate: 'prepare', ...(options.description ? { description: options.description } : {}) };
    },
    effect: async (guest, log) => {
      await kind.take(sim, guest, snapname, log);
      const snap = guest.snapshots?.[snapname];
      if (snap) delete snap.snapstate;
      guest.config['parent'] = snapname;
      delete guest.config['lock'];
    },
    // snapshot_create cleans up after itself: the half-made snapshot and the lock go
    onFailure: async (guest) => {
      const snap = guest?.snapshots?.[snapname];
      if (guest && snap?.snapstate === 'prepare') {
        await kind.drop(sim, guest, snapname, snap, () => undefined);
        delete guest.snapshots?.[snapname];
      }
      if (guest?.config['lock'] === 'snapshot') delete guest.config['lock'];
    },
  });
}

/** `DELETE .../snapshot/{snapname}`: a `vzdelsnapshot`/`qmdelsnapshot` worker. */
export function deleteGuestSnapshot<G extends SnapshotGuest>(sim: Sim, kind: SnapshotKind<G>, authid: string, nodeName: string, vmid: number, snapname: string, force: boolean): TaskRecord {
  const node = sim.proxyNode(nodeName);
  return startLockedTask(sim, kind, {
    node,
    authid,
    vmid,
    type: kind.tasks.delete,
    prepare: (guest) => {
      // `force` removes a snapshot left in `snapstate: delete` by a failed earlier run
      if (!force) kind.assertNotLocked(guest);
      const snap = guest.snapshots?.[snapname];
      if (!snap) throw pveDie(`snapshot '${snapname}' does not exist`);
      guest.config['lock'] = 'snapshot-delete';
      snap.snapstate = 'delete';
    },
    effect: async (guest, log) => {
      const snap = guest.snapshots?.[snapname];
      if (!snap) throw new Error(`snapshot '${snapname}' does not exist`);
      await kind.drop(sim, guest, snapname, snap, log);
      // children and the current state move up to the deleted snapshot's parent
      const parent = snap.config['parent'];
      const reparent = (conf: Record<string, string>): void => {
        if (conf['parent'] !== snapname) return;
        if (parent === undefined) delete conf['parent'];
        else conf['parent'] = parent;
      };
      delete guest.snapshots?.[snapname];
      for (const other of Object.values(guest.snapshots ?? {})) reparent(other.config);
      reparent(guest.config);
      delete guest.config['lock'];
    },
    // a failed delete leaves the snapshot in `snapstate: delete` and the lock, as in PVE
    onFailure: () => undefined,
  });
}

/** `POST .../snapshot/{snapname}/rollback`: a `vzrollback`/`qmrollback` worker; `start` boots it afterwards. */
export function rollbackGuestSnapshot<G extends SnapshotGuest>(sim: Sim, kind: SnapshotKind<G>, authid: string, nodeName: string, vmid: number, snapname: string, start: boolean): TaskRecord {
  const node = sim.proxyNode(nodeName);
  return startLockedTask(sim, kind, {
    node,
    authid,
    vmid,
    type: kind.tasks.rollback,
    prepare: (guest) => {
      if (guest.config['template'] === '1') throw pveDie("you can't rollback if vm is a template");
      const snap = guest.snapshots?.[snapname];
      if (!snap) throw pveDie(`snapshot '${snapname}' does not exist`);
      if (snap.snapstate) throw pveDie(`unable to rollback to incomplete snapshot (snapstate = ${snap.snapstate})`);
      kind.assertNotLocked(guest);
      guest.config['lock'] = 'rollback';
    },
    effect: async (guest, log) => {
      const snap = guest.snapshots?.[snapname];
      if (!snap) throw new Error(`snapshot '${snapname}' does not exist`);
      await kind.restore(sim, guest, snapname, snap, log);
      // `__snapshot_apply_config`: the snapshot's config, keeping description and unused disks
      const next: Record<string, string> = {};
      for (const [k, v] of Object.entries(snap.config)) if (!kind.rollbackSkips?.test(k)) next[k] = v;
      for (const [k, v] of Object.entries(guest.config)) if (k === 'description' || /^unused\d+$/.test(k)) next[k] = v;
      next['parent'] = snapname;
      guest.config = next;
      if (start || kind.startsItself?.(snap)) await kind.start(sim, guest, snap);
    },
    // PVE leaves `lock: rollback` after a failed rollback: the disk state is unknown
    onFailure: () => undefined,
  });
}
