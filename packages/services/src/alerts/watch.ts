import type { Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { groupByCluster } from '../inventory/clusters';
import { ALERT_WATCH_EVERY_SECONDS, ALERT_WATCH_LOCK_KEY, INTEREST_SECONDS, INTEREST_ZSET } from '../keys';

/**
 * Alerts need polls when nobody has a page open: the clusters of users with an enabled
 * notification channel are marked as looked at, once a minute across all workers. Other
 * clusters keep the poll-while-viewed behaviour (no load on Proxmox nobody asked for).
 */
export async function keepWatchedClustersPolled(db: Db, redis: Redis, workerId: string, now = Date.now()): Promise<number> {
  const got = await redis.set(ALERT_WATCH_LOCK_KEY, workerId, 'EX', ALERT_WATCH_EVERY_SECONDS, 'NX');
  if (!got) return 0;
  const nodes = await db.node.findMany({ where: { user: { channels: { some: { enabled: true } } } }, select: { id: true, userId: true, clusterName: true } });
  const keys = [...groupByCluster(nodes).keys()];
  if (keys.length === 0) return 0;
  const until = now + INTEREST_SECONDS * 1000;
  const tx = redis.multi();
  for (const k of keys) tx.zadd(INTEREST_ZSET, 'GT', until, k);
  await tx.expire(INTEREST_ZSET, INTEREST_SECONDS * 2).exec();
  return keys.length;
}
