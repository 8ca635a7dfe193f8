/** What pages show of update checks: a container's last result, counts per table row and per node. */
import type { Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import type { ContainerRef } from '../containers/locate';
import { clusterKeyOf } from '../inventory/clusters';
import type { Inventory } from '../inventory/reader';
import { UPDATES_STAMP_TTL_SECONDS, updatesStampKey } from '../keys';
import { nodeForRole } from '../nodes/access';
import { appVersionView, type AppVersionView } from './app-version';
import { pendingPackageSchema, type PendingPackage, type UpdateFamily } from './detect';
import { CHECK_PERIOD_MS, checkMinute } from './schedule';

export interface UpdateStatusView {
  family: UpdateFamily | null;
  osId: string | null;
  packages: PendingPackage[];
  pending: number;
  security: number;
  /** ms epoch of the last attempt, of the last attempt that listed packages. */
  checkedAt: number;
  okAt: number | null;
  error: string | null;
  /** When the schedule checks it next (ms epoch). */
  nextCheckAt: number;
  /** The app version, for containers Kiln made from a template with `appVersion`. */
  app: AppVersionView | null;
}

export interface UpdateCount {
  pending: number;
  security: number;
  error: boolean;
  /** A newer app version is available (absent otherwise). */
  app?: { name: string; installed: string; latest: string };
}

/** The next time of the container's daily minute after `from`. */
function nextSlot(clusterKey: string, vmid: number, from: number): number {
  const minute = checkMinute(clusterKey, vmid);
  const day = Math.floor(from / CHECK_PERIOD_MS) * CHECK_PERIOD_MS;
  const at = day + minute * 60_000;
  return at > from ? at : at + CHECK_PERIOD_MS;
}

/** The container's last check (viewers may read it), or null before the first one. */
export async function containerUpdateStatus(db: Db, userId: string, ref: ContainerRef): Promise<UpdateStatusView | null> {
  const { node } = await nodeForRole(db, userId, ref.nodeId, 'viewer');
  const clusterKey = clusterKeyOf(node);
  const row = await db.containerUpdateStatus.findUnique({ where: { clusterKey_vmid: { clusterKey, vmid: ref.vmid } } });
  if (!row) return null;
  const packages = pendingPackageSchema.array().safeParse(row.packages);
  return {
    family: (row.family as UpdateFamily | null) ?? null,
    osId: row.osId,
    packages: packages.success ? packages.data : [],
    pending: row.pending,
    security: row.security,
    checkedAt: row.checkedAt.getTime(),
    okAt: row.okAt?.getTime() ?? null,
    error: row.error,
    nextCheckAt: nextSlot(clusterKey, ref.vmid, Date.now()),
    app: appVersionView(row),
  };
}

/** The counts of one cluster at one stamp (updates:stamp:<cluster>), by VMID. */
const countsByCluster = new Map<string, { stamp: string; byVmid: Map<number, UpdateCount> }>();

/** The last result per rows array (the inventory reader reuses an array until the next poll). Read only. */
const countsByRows = new WeakMap<readonly unknown[], { counts: Map<string, UpdateCount>; stamp: string }>();

/**
 * A cluster with no stamp (never checked, or its stamp expired) would send every page view to the
 * database. Its stamp starts at 0 here, before the database is read: a check writes its row before
 * it increments the stamp, so a row this read misses always comes with a new stamp. A stamp
 * another process set first stays null for this view (read again on the next).
 */
async function stampUnchecked(redis: Redis, keys: string[], stamps: (string | null)[]): Promise<void> {
  const missing = keys.flatMap((k, i) => (stamps[i] === null ? [i] : []));
  if (!missing.length) return;
  const multi = redis.multi();
  for (const i of missing) multi.set(updatesStampKey(keys[i]!), '0', 'EX', UPDATES_STAMP_TTL_SECONDS, 'NX');
  const results = (await multi.exec()) ?? [];
  missing.forEach((i, n) => {
    if (results[n]?.[1] === 'OK') stamps[i] = '0';
  });
}

/**
 * Counts for the rows of an inventory, keyed `${nodeId}:${vmid}` like the table rows, and `stamp`:
 * the same string as long as no cluster's statuses changed (null while one has no stamp). The
 * database is asked only for clusters whose stamp moved since this process last read them, so a
 * page view costs one Redis MGET.
 */
export async function updateCountsFor(deps: { db: Db; redis: Redis }, inventory: Pick<Inventory, 'clusters' | 'rows'>): Promise<{ counts: Map<string, UpdateCount>; stamp: string | null }> {
  const clusterOf = new Map<string, string>();
  for (const c of inventory.clusters) for (const n of c.nodes) clusterOf.set(n.id, c.clusterKey);
  const keys = inventory.clusters.map((c) => c.clusterKey);
  if (!keys.length) return { counts: new Map(), stamp: '' };
  const stamps = await deps.redis.mget(keys.map(updatesStampKey));
  await stampUnchecked(deps.redis, keys, stamps);
  const stamp = stamps.some((s) => s === null) ? null : keys.map((k, i) => `${k}=${stamps[i]}`).join(',');
  // Open pages ask every 5 s with the same rows array (until the next poll) and the same stamps
  // (until a check ends): the counts by row are then the ones built last time.
  const memo = stamp === null ? undefined : countsByRows.get(inventory.rows);
  if (memo && memo.stamp === stamp) return memo;
  const stale = keys.filter((k, i) => stamps[i] === null || countsByCluster.get(k)?.stamp !== stamps[i]);
  const fresh = new Map<string, Map<number, UpdateCount>>();
  if (stale.length) {
    const rows = await deps.db.containerUpdateStatus.findMany({
      where: { clusterKey: { in: stale } },
      select: { clusterKey: true, vmid: true, pending: true, security: true, error: true, appName: true, appInstalled: true, appLatest: true, appError: true },
    });
    for (const k of stale) fresh.set(k, new Map());
    for (const r of rows) {
      const app = appVersionView(r);
      fresh.get(r.clusterKey)!.set(r.vmid, {
        pending: r.pending,
        security: r.security,
        error: r.error !== null,
        ...(app?.update ? { app: { name: app.name, installed: app.installed!, latest: app.latest! } } : {}),
      });
    }
    keys.forEach((k, i) => {
      const stamp = stamps[i];
      if (stamp != null && fresh.has(k)) countsByCluster.set(k, { stamp, byVmid: fresh.get(k)! });
    });
  }
  const out = new Map<string, UpdateCount>();
  for (const row of inventory.rows) {
    const key = clusterOf.get(row.nodeId) ?? '';
    const u = (fresh.get(key) ?? countsByCluster.get(key)?.byVmid)?.get(row.vmid);
    if (u) out.set(`${row.nodeId}:${row.vmid}`, u);
  }
  if (stamp !== null) countsByRows.set(inventory.rows, { counts: out, stamp });
  return { counts: out, stamp };
}

/** Per PVE node of a registered node's cluster: containers with pending updates, and packages. */
export async function nodeUpdateCounts(db: Db, userId: string, nodeId: string): Promise<{ pveNode: string; containers: number; pending: number; security: number; failed: number }[]> {
  const { node } = await nodeForRole(db, userId, nodeId, 'viewer');
  const rows = await db.containerUpdateStatus.findMany({ where: { clusterKey: clusterKeyOf(node) }, select: { pveNode: true, pending: true, security: true, error: true } });
  const by = new Map<string, { pveNode: string; containers: number; pending: number; security: number; failed: number }>();
  for (const r of rows) {
    const e = by.get(r.pveNode) ?? { pveNode: r.pveNode, containers: 0, pending: 0, security: 0, failed: 0 };
    if (r.pending > 0) e.containers++;
    e.pending += r.pending;
    e.security += r.security;
    if (r.error) e.failed++;
    by.set(r.pveNode, e);
  }
  return [...by.values()].sort((a, b) => a.pveNode.localeCompare(b.pveNode));
}
