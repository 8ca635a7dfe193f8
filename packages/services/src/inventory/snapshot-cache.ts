import type { Redis } from '@kiln/redis';
import { INTEREST_SECONDS, RESOURCES_TTL_SECONDS, resourcesKey, resourcesVersionKey } from '../keys';
import type { ClusterSnapshot } from './snapshot';

/**
 * The one reader and the one writer of the cached cluster snapshots (the poller writes, pages,
 * the janitor and the poller itself read). Nothing else touches their keys or parses their JSON.
 *
 * Parsed cluster snapshots of this process, reused while the poller's version of them is
 * unchanged: a page view then costs one small MGET instead of fetching and parsing every
 * cluster's blob (about 250 KB for 900 guests) again. Callers share the objects: read only.
 */
interface Entry {
  snap: ClusterSnapshot;
  version: string;
  usedAt: number;
}

/** Bounds memory when many users look at many clusters; idle entries go first. */
const MAX_ENTRIES = 64;
const g = globalThis as unknown as { __kilnSnapshotCache?: Map<string, Entry> };
const cache = (g.__kilnSnapshotCache ??= new Map());

function remember(key: string, snap: ClusterSnapshot, now: number): void {
  cache.delete(key); // Map order is least recently used first
  cache.set(key, { snap, version: String(snap.attemptedAt), usedAt: now });
  for (const [k, e] of cache) {
    if (cache.size <= MAX_ENTRIES && now - e.usedAt < INTEREST_SECONDS * 1000) break;
    cache.delete(k);
  }
}

/** The cached snapshots of these clusters (null where the poller has none yet), in order. */
export async function readSnapshots(redis: Redis, keys: string[], now = Date.now()): Promise<(ClusterSnapshot | null)[]> {
  if (keys.length === 0) return [];
  const versions = await redis.mget(...keys.map(resourcesVersionKey));
  const out = keys.map((k, i): ClusterSnapshot | null => {
    const e = cache.get(k);
    if (!e || versions[i] === null || e.version !== versions[i]) return null;
    e.usedAt = now;
    cache.delete(k);
    cache.set(k, e);
    return e.snap;
  });
  const missing = keys.flatMap((k, i) => (out[i] ? [] : [i]));
  if (missing.length === 0) return out;
  const loaded = await Promise.all(
    load(
      redis,
      missing.map((i) => ({ key: keys[i]!, version: versions[i] ?? null })),
    ),
  );
  missing.forEach((i, j) => (out[i] = loaded[j] ?? null));
  return out;
}

/**
 * Loads in flight, by cluster and version: when a poll lands, every concurrent page view of that
 * cluster sees the new version at once; they share one fetch and one parse of its blob instead
 * of each parsing its own copy (and building its own rows from it, see the reader). What no
 * other view is loading yet is fetched with one MGET.
 */
const loading = new Map<string, Promise<ClusterSnapshot | null>>();

function load(redis: Redis, wanted: { key: string; version: string | null }[]): Promise<ClusterSnapshot | null>[] {
  const ids = wanted.map((w) => `${w.key}\n${w.version ?? ''}`);
  const fresh = wanted.filter((_, i) => !loading.has(ids[i]!));
  if (fresh.length > 0) {
    const texts = redis.mget(...fresh.map((w) => resourcesKey(w.key)));
    fresh.forEach((w, j) => {
      const id = `${w.key}\n${w.version ?? ''}`;
      const p = texts
        .then((all) => {
          const text = all[j];
          if (!text) return null;
          const snap = JSON.parse(text) as ClusterSnapshot;
          remember(w.key, snap, Date.now());
          return snap;
        })
        .finally(() => loading.delete(id));
      loading.set(id, p);
    });
  }
  return ids.map((id) => loading.get(id)!);
}

/** Snapshot and version in one transaction: a reader that sees a version can fetch the snapshot it names. */
export function storeSnapshot(tx: ReturnType<Redis['multi']>, snap: ClusterSnapshot): ReturnType<Redis['multi']> {
  return tx.set(resourcesKey(snap.clusterKey), JSON.stringify(snap), 'EX', RESOURCES_TTL_SECONDS).set(resourcesVersionKey(snap.clusterKey), String(snap.attemptedAt), 'EX', RESOURCES_TTL_SECONDS);
}
