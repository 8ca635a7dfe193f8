import type { Node } from '@kiln/db';
import { isPveError, type PveBackupJob, type PveClient } from '@kiln/pve';
import type { Redis } from '@kiln/redis';
import { clusterKeyOf } from '../inventory/clusters';
import { BACKUP_CATALOG_TTL_SECONDS, backupCatalogKey } from '../keys';
import { pveClientForNode } from '../nodes/pve-client';

/** A storage that takes backups, on one PVE node (a shared one is listed once, for its first node). */
export interface BackupStorage {
  pveNode: string;
  storage: string;
  type: string;
  shared: boolean;
  avail?: number;
}

export interface BackupArchive {
  volid: string;
  storage: string;
  /** The PVE node whose storage lists it (where a restore of it runs). */
  pveNode: string;
  vmid: number | null;
  size: number;
  /** Seconds since the epoch. */
  ctime: number;
  format: string;
  notes: string;
  protected: boolean;
  /** PBS verification state (`ok`, `failed`), when PVE reports one. */
  verification?: string;
  /** The guest type it backs up (`subtype`, or the archive's name): a VM's restores as a VM. Absent in older catalogs: `lxc`. */
  guest?: 'lxc' | 'qemu';
}

/** The guest type of a backup volume: `vzdump-qemu-...` is a VM's, everything else a container's. */
export function archiveGuest(volid: string, subtype?: string): 'lxc' | 'qemu' {
  return subtype === 'qemu' || /:backup\/vzdump-qemu-\d+-/.test(volid) ? 'qemu' : 'lxc';
}

export interface BackupJobView {
  id: string;
  schedule: string;
  enabled: boolean;
  storage: string;
  mode: string;
  compress: string;
  vmids: number[];
  all: boolean;
  pool?: string;
  node?: string;
  comment?: string;
  notesTemplate?: string;
  retention: Record<string, number>;
  /** Seconds since the epoch (PVE's `next-run`). */
  nextRun?: number;
}

/** The latest failed backup of a guest by a vzdump task Kiln did not start (PVE's scheduler, the PVE UI, the CLI). */
export interface BackupFailure {
  vmid: number;
  pveNode: string;
  upid: string;
  /** When the task started, seconds since the epoch. */
  at: number;
  /** The log's `ERROR: Backup of VM N failed - <reason>`, or the task's exit status. */
  reason: string;
  /** Who started it (`root@pam` for the scheduler's jobs). */
  by: string;
}

/** Failed vzdump tasks are looked for this far back. */
const FAILURES_SINCE_S = 7 * 86_400;
/** Logs read per node and refresh (newest failed tasks first). */
const FAILED_TASKS_READ = 10;
const GUEST_FAILED = /^ERROR: Backup of VM (\d+) failed - (.*)$/;

/**
 * Failed vzdump tasks of the last week on `nodes`, newest first per guest. Kiln's own backups are
 * left out (their operations alert when they fail). A task that backs up several guests fails
 * with `job errors` when any does: its log names which and why.
 */
async function readBackupFailures(pve: PveClient, nodes: string[], ownAuthId: string | undefined, now: number, previous: readonly BackupFailure[]): Promise<BackupFailure[] | null> {
  const since = Math.floor(now / 1000) - FAILURES_SINCE_S;
  // A finished task's log does not change: what the last refresh found in it is reused.
  const known = new Map<string, Array<[number, string]>>();
  for (const f of previous) known.set(f.upid, [...(known.get(f.upid) ?? []), [f.vmid, f.reason]]);
  const latest = new Map<number, BackupFailure>();
  let readAny = false;
  await Promise.all(
    nodes.map(async (node) => {
      const tasks = await readable(() => pve.tasks(node, { typefilter: 'vzdump', statusfilter: 'error', since, limit: 50 }, READ)).catch((e: unknown) => {
        if (isPveError(e)) return null;
        throw e;
      });
      if (!tasks) return;
      readAny = true;
      const foreign = tasks.filter((t) => t.authId !== ownAuthId).slice(0, FAILED_TASKS_READ);
      for (const t of foreign) {
        const at = t.starttime ?? 0;
        const found: Array<[number, string]> = known.get(t.upid) ?? [];
        if (found.length === 0) {
          for (const { t: text } of await pve.taskLog(node, t.upid, { start: 0, limit: 5000 }, READ).catch(() => [])) {
            const m = GUEST_FAILED.exec(text);
            if (m) found.push([Number(m[1]), m[2]!]);
          }
        }
        if (found.length === 0 && t.id && /^\d+$/.test(t.id)) found.push([Number(t.id), t.status ?? 'failed']);
        for (const [vmid, reason] of found) {
          const prev = latest.get(vmid);
          if (!prev || prev.at < at) latest.set(vmid, { vmid, pveNode: node, upid: t.upid, at, reason, by: t.authId });
        }
      }
    }),
  );
  return readAny ? [...latest.values()].sort((a, b) => b.at - a.at || a.vmid - b.vmid) : null;
}

/** One cluster's backups as the worker last read them. Pages read only this. */
export interface BackupCatalog {
  clusterKey: string;
  /** The registered node it was read through. */
  viaNodeId: string;
  fetchedAt: number;
  /** Why the last refresh failed (the previous data, if any, is kept). */
  error?: string;
  storages: BackupStorage[];
  /** Storages that hold container disks, per PVE node (where a restore can put the root disk). */
  diskStorages: Array<{ pveNode: string; storage: string }>;
  archives: BackupArchive[];
  /** null: the token may not read jobs (no Sys.Audit on /). */
  jobs: BackupJobView[] | null;
  /** VMIDs no job covers; null when unreadable. */
  notBackedUp: number[] | null;
  /** Resource pool ids a job can select; null when unreadable (no Pool.Audit), absent in older catalogs. */
  pools?: string[] | null;
  /** PVE nodes that did not answer (their local storages are missing from the lists). */
  unreachable: string[];
  /** Guests whose latest backup by a task Kiln did not start failed (last 7 days); null when unreadable, absent in older catalogs. */
  failures?: BackupFailure[] | null;
}

export function jobView(j: PveBackupJob): BackupJobView {
  return {
    id: j.id,
    schedule: j.schedule ?? '',
    enabled: j.enabled,
    storage: j.storage ?? 'local',
    mode: j.mode ?? 'snapshot',
    compress: j.compress ?? '0',
    vmids: j.vmid,
    all: j.all,
    pool: j.pool,
    node: j.node,
    comment: j.comment,
    notesTemplate: j['notes-template'],
    retention: Object.fromEntries(Object.entries(j['prune-backups'] ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number')),
    nextRun: j['next-run'],
  };
}

const READ = { timeoutMs: 15_000 };

/** PVE refused for lack of privileges: that part of the catalog is simply unavailable. */
async function readable<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    if (isPveError(e, 'permission')) return null;
    throw e;
  }
}

/** Reads a cluster's backup storages, archives, jobs and uncovered guests (worker side). */
export async function readCatalogFromPve(pve: PveClient, clusterKey: string, viaNodeId: string, ownAuthId?: string, previous?: BackupCatalog | null): Promise<BackupCatalog> {
  const nodes = (await pve.nodes(READ)).filter((n) => n.status !== 'offline').map((n) => n.node);
  const storages: BackupStorage[] = [];
  const diskStorages: BackupCatalog['diskStorages'] = [];
  const unreachable: string[] = [];
  const sharedSeen = new Set<string>();
  await Promise.all(
    nodes.map(async (node) => {
      try {
        for (const s of await pve.storages(node, { enabled: true }, READ)) {
          if (s.content.includes('rootdir')) diskStorages.push({ pveNode: node, storage: s.storage });
          if (!s.content.includes('backup')) continue;
          if (s.shared && sharedSeen.has(s.storage)) continue;
          if (s.shared) sharedSeen.add(s.storage);
          storages.push({ pveNode: node, storage: s.storage, type: s.type, shared: s.shared, avail: s.avail });
        }
      } catch (e) {
        if (!isPveError(e)) throw e;
        unreachable.push(node);
      }
    }),
  );
  const archives: BackupArchive[] = [];
  await Promise.all(
    storages.map(async (s) => {
      const content = await readable(() => pve.backups(s.pveNode, s.storage, {}, READ));
      for (const v of content ?? []) {
        archives.push({
          volid: v.volid,
          storage: s.storage,
          pveNode: s.pveNode,
          vmid: v.vmid ?? null,
          size: v.size ?? 0,
          ctime: v.ctime ?? 0,
          format: v.format ?? '',
          notes: v.notes ?? '',
          protected: v.protected ?? false,
          verification: v.verification?.state,
          guest: archiveGuest(v.volid, v.subtype),
        });
      }
    }),
  );
  archives.sort((a, b) => b.ctime - a.ctime || a.volid.localeCompare(b.volid));
  storages.sort((a, b) => a.pveNode.localeCompare(b.pveNode) || a.storage.localeCompare(b.storage));
  const jobs = await readable(() => pve.backupJobs(READ));
  const uncovered = await readable(() => pve.notBackedUp(READ));
  const pools = await readable(() => pve.pools(READ));
  const reachable = nodes.filter((n) => !unreachable.includes(n));
  const failures = await readBackupFailures(pve, reachable, ownAuthId, Date.now(), previous?.failures ?? []);
  return {
    clusterKey,
    viaNodeId,
    fetchedAt: Date.now(),
    storages,
    diskStorages: diskStorages.sort((a, b) => a.pveNode.localeCompare(b.pveNode) || a.storage.localeCompare(b.storage)),
    archives,
    jobs: jobs ? jobs.map(jobView) : null,
    notBackedUp: uncovered ? uncovered.map((g) => g.vmid) : null,
    pools: pools ? pools.map((p) => p.poolid).sort() : null,
    unreachable: unreachable.sort(),
    failures,
  };
}

export async function readCatalogs(redis: Redis, clusterKeys: string[]): Promise<(BackupCatalog | null)[]> {
  if (clusterKeys.length === 0) return [];
  const raw = await redis.mget(...clusterKeys.map(backupCatalogKey));
  return raw.map((r) => (r ? (JSON.parse(r) as BackupCatalog) : null));
}

/**
 * Refreshes one cluster's catalog through `node` and stores it (worker side). A failed read keeps
 * the previous lists and records the error, so pages show the last good data with its age.
 */
export async function refreshCatalog(redis: Redis, node: Node): Promise<BackupCatalog> {
  const clusterKey = clusterKeyOf(node);
  let catalog: BackupCatalog;
  const [previous] = await readCatalogs(redis, [clusterKey]);
  try {
    catalog = await readCatalogFromPve(pveClientForNode(node), clusterKey, node.id, node.tokenId, previous);
  } catch (e) {
    if (!isPveError(e)) throw e;
    catalog = {
      ...(previous ?? { clusterKey, viaNodeId: node.id, storages: [], diskStorages: [], archives: [], jobs: null, notBackedUp: null, unreachable: [] }),
      fetchedAt: Date.now(),
      error: e.userMessage,
    };
  }
  await redis.set(backupCatalogKey(clusterKey), JSON.stringify(catalog), 'EX', BACKUP_CATALOG_TTL_SECONDS);
  return catalog;
}
