import { isAppError, type Logger } from '@kiln/core';
import type { Db, Node } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import type { PveError } from '@kiln/pve';
import { pveClientForNode } from '../nodes/pve-client';
import { clusterKeyOf } from './clusters';
import { INTEREST_ZSET, MAX_BACKOFF_MS, POLL_FAIL_TTL_SECONDS, POLL_INTERVAL_MS, pollFailKey, pollLockKey } from '../keys';
import { refreshAddresses } from './addresses';
import { swapForPoll } from './swap';
import { snapshotFromResources, type ClusterSnapshot } from './snapshot';
import { readSnapshots, storeSnapshot } from './snapshot-cache';

export interface PollerDeps {
  db: Db;
  redis: Redis;
  log: Logger;
  workerId: string;
  /** The time swap reads are spaced by (tests move it; default `Date.now`). */
  clock?: () => number;
  /** Runs after each poll with the new snapshot and the one before it (the alert engine). */
  afterPoll?: (snap: ClusterSnapshot, prev: ClusterSnapshot | null, nodes: Node[]) => Promise<unknown>;
}

/** The nodes behind a cluster key, the user's default first. */
async function nodesOf(db: Db, clusterKey: string): Promise<Node[]> {
  const [userId, kind, ref] = clusterKey.split(':') as [string, string, string];
  const nodes = await db.node.findMany({
    where: kind === 'c' ? { userId, clusterName: ref } : { userId, id: ref },
    orderBy: { createdAt: 'asc' },
  });
  const user = await db.user.findUnique({ where: { id: userId }, select: { defaultNodeId: true } });
  return nodes.sort((a, b) => Number(b.id === user?.defaultNodeId) - Number(a.id === user?.defaultNodeId));
}

function safeMessage(e: unknown): string {
  if (isAppError(e) && e.code === 'PVE') return (e as PveError).userMessage;
  return 'The node did not answer.';
}

/** Polls one cluster through the first of its nodes that answers, and caches the result. */
export async function pollCluster(deps: PollerDeps, clusterKey: string): Promise<ClusterSnapshot | undefined> {
  const { db, redis } = deps;
  const nodes = await nodesOf(db, clusterKey);
  if (nodes.length === 0) {
    await redis.zrem(INTEREST_ZSET, clusterKey);
    return undefined;
  }
  let lastError: unknown;
  const [prev] = await readSnapshots(redis, [clusterKey]);
  for (const node of nodes) {
    try {
      const pve = pveClientForNode(node);
      const resources = await pve.clusterResources(undefined, { timeoutMs: 10_000 });
      const snap = snapshotFromResources(clusterKey, resources, node.id);
      // Addresses are read only for guests that (re)started; the others keep the last ones.
      await Promise.all([refreshAddresses(pve, snap.guests, prev?.guests ?? []), swapForPoll(pve, snap, prev ?? undefined, (deps.clock ?? Date.now)())]);
      await storeSnapshot(redis.multi(), snap).del(pollFailKey(clusterKey)).exec();
      await runAfterPoll(deps, snap, prev ?? null, nodes);
      return snap;
    } catch (e) {
      lastError = e;
    }
  }
  // Keep the last good data; record the failure and back off.
  const snap: ClusterSnapshot = {
    clusterKey,
    fetchedAt: prev?.fetchedAt ?? null,
    attemptedAt: Date.now(),
    error: safeMessage(lastError),
    guests: prev?.guests ?? [],
    nodes: prev?.nodes ?? [],
    storages: prev?.storages ?? [],
    viaNodeId: prev?.viaNodeId,
  };
  const fails = await redis.incr(pollFailKey(clusterKey));
  await storeSnapshot(redis.multi().expire(pollFailKey(clusterKey), POLL_FAIL_TTL_SECONDS), snap)
    .pexpire(pollLockKey(clusterKey), backoffMs(fails))
    .exec();
  deps.log.warn(`polling ${clusterKey} failed`, { error: snap.error, failures: fails });
  await runAfterPoll(deps, snap, prev ?? null, nodes);
  return snap;
}

/** A failing hook must not fail the poll (pages still get their data). */
async function runAfterPoll(deps: PollerDeps, snap: ClusterSnapshot, prev: ClusterSnapshot | null, nodes: Node[]): Promise<void> {
  if (!deps.afterPoll) return;
  try {
    await deps.afterPoll(snap, prev, nodes);
  } catch (e) {
    deps.log.error(`after-poll hook of ${snap.clusterKey} failed`, { error: e });
  }
}

/** 10 s, 20 s, 40 s, then 60 s between attempts while a cluster keeps failing. */
export function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, POLL_INTERVAL_MS * 2 ** Math.max(1, failures));
}

/**
 * One scheduler tick: every cluster someone looked at in the last minutes is polled when its
 * lock is free. The lock (SET NX PX) spaces polls 5 s apart across all workers and tabs, and is
 * stretched on failure for back-off.
 */
export async function pollDueClusters(deps: PollerDeps, inFlight: Set<string>): Promise<Promise<unknown>[]> {
  const now = Date.now();
  await deps.redis.zremrangebyscore(INTEREST_ZSET, '-inf', now);
  const keys = await deps.redis.zrangebyscore(INTEREST_ZSET, now, '+inf');
  const started: Promise<unknown>[] = [];
  for (const key of keys) {
    if (inFlight.has(key)) continue; // a slow node must not hold up the others
    const got = await deps.redis.set(pollLockKey(key), deps.workerId, 'PX', POLL_INTERVAL_MS, 'NX');
    if (!got) continue;
    inFlight.add(key);
    started.push(
      pollCluster(deps, key)
        .catch((e: unknown) => deps.log.error(`poll ${key} crashed`, { error: e }))
        .finally(() => inFlight.delete(key)),
    );
  }
  return started;
}

export { clusterKeyOf };
