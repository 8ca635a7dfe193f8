import type { Db } from '@kiln/db';
import { enqueue, JobTimeoutError, requestJob, type JobData } from '@kiln/queue';
import type { Redis } from '@kiln/redis';
import { answer } from '../containers/job-answer';
import { groupByCluster } from '../inventory/clusters';
import { BACKUP_CATALOG_FRESH_MS, BACKUP_REFRESH_LOCK_SECONDS, backupRefreshLockKey } from '../keys';
import { nodeForRole, visibleNodes, type NodeRole, type VisibleNode } from '../nodes/access';
import { readCatalogs, refreshCatalog, type BackupCatalog } from './catalog';

export interface BackupsViewCluster {
  clusterKey: string;
  /** The cluster's name, or the registered node's for a standalone node. */
  label: string;
  /** The registered node actions go through (the one with the user's highest role). */
  nodeId: string;
  /** Every registered node of this cluster the user can see. */
  nodeIds: string[];
  access: NodeRole;
  sharedBy?: string;
  catalog: BackupCatalog | null;
}

export interface BackupsView {
  clusters: BackupsViewCluster[];
  /** The user's threshold: a container whose newest backup is older is flagged. */
  maxAgeDays: number;
}

const RANK: Record<NodeRole, number> = { owner: 3, operator: 2, viewer: 1 };

/**
 * The backups of every cluster the user can see, from the worker's cache (no PVE request from
 * here). A missing catalog is asked of the worker and awaited briefly; a stale one is served and
 * refreshed in the background (one refresh per cluster at a time).
 */
export async function backupsView(deps: { db: Db; redis: Redis }, userId: string, opts: { waitMs?: number; nodes?: VisibleNode[] } = {}): Promise<BackupsView> {
  const nodes = opts.nodes ?? (await visibleNodes(deps.db, userId));
  const groups = [...groupByCluster(nodes)];
  const keys = groups.map(([k]) => k);
  let catalogs = await readCatalogs(deps.redis, keys);
  const now = Date.now();
  const via = (members: VisibleNode[]) => [...members].sort((a, b) => RANK[b.access] - RANK[a.access])[0]!;
  const missing = groups.filter((_, i) => !catalogs[i]);
  const stale = groups.filter((_, i) => catalogs[i] && now - (catalogs[i]?.fetchedAt ?? 0) > BACKUP_CATALOG_FRESH_MS);
  await Promise.all(stale.map(([k, members]) => refreshInBackground(deps.redis, k, userId, via(members).id)));
  if (missing.length) {
    await Promise.all(missing.map(([, members]) => requestJob('refreshBackups', { userId, nodeId: via(members).id }, { timeoutMs: opts.waitMs ?? 15_000 }).catch(swallowTimeout)));
    catalogs = await readCatalogs(deps.redis, keys);
  }
  const user = await deps.db.user.findUnique({ where: { id: userId }, select: { backupMaxAgeDays: true } });
  return {
    maxAgeDays: user?.backupMaxAgeDays ?? 7,
    clusters: groups.map(([clusterKey, members], i) => {
      const v = via(members);
      return {
        clusterKey,
        label: v.clusterName ?? v.name,
        nodeId: v.id,
        nodeIds: members.map((m) => m.id),
        access: v.access,
        sharedBy: v.access === 'owner' ? undefined : v.ownerName,
        catalog: catalogs[i] ?? null,
      };
    }),
  };
}

function swallowTimeout(e: unknown): void {
  if (e instanceof JobTimeoutError) return;
  throw e;
}

/** Queues one refresh of a cluster's catalog (at most one per lock period, whoever asks: pages, the alert engine). */
export async function refreshInBackground(redis: Redis, clusterKey: string, userId: string, nodeId: string): Promise<void> {
  const first = await redis.set(backupRefreshLockKey(clusterKey), '1', 'EX', BACKUP_REFRESH_LOCK_SECONDS, 'NX');
  if (first === 'OK') await enqueue('refreshBackups', { userId, nodeId }, { attempts: 1, removeOnComplete: true, removeOnFail: { age: 3600 } });
}

/** Worker side of `backup.catalog`: the caller must still see the node. */
export function serveBackupCatalog(deps: { db: Db; redis: Redis }, data: JobData<'refreshBackups'>) {
  return answer(async () => {
    const { node } = await nodeForRole(deps.db, data.userId, data.nodeId, 'viewer');
    const c = await refreshCatalog(deps.redis, node);
    return { fetchedAt: c.fetchedAt, error: c.error ?? null };
  });
}

/** "Refresh" on the Backups page: the worker re-reads the cluster now (the caller must see the node). */
export async function refreshBackupsNow(deps: { db: Db; redis: Redis }, userId: string, nodeId: string): Promise<void> {
  await nodeForRole(deps.db, userId, nodeId, 'viewer');
  await requestJob('refreshBackups', { userId, nodeId }, { timeoutMs: 20_000 }).catch(swallowTimeout);
}

/** The user's "backup too old" threshold, in days. */
export async function setBackupMaxAge(deps: { db: Db }, userId: string, days: number): Promise<void> {
  await deps.db.user.update({ where: { id: userId }, data: { backupMaxAgeDays: days } });
}
