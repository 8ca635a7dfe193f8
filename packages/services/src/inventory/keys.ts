/** Redis keys of the inventory (under the configured prefix). */
export const INTEREST_ZSET = 'inventory:interest';
export const resourcesKey = (clusterKey: string) => `inventory:resources:${clusterKey}`;
/** The `attemptedAt` of the cached snapshot, written with it: readers reuse a parsed copy while it matches. */
export const resourcesVersionKey = (clusterKey: string) => `inventory:resources-version:${clusterKey}`;
export const pollLockKey = (clusterKey: string) => `inventory:poll-lock:${clusterKey}`;
export const pollFailKey = (clusterKey: string) => `inventory:poll-fail:${clusterKey}`;
export const vmidCacheKey = (nodeId: string) => `vmid-cache:${nodeId}`;
/** Who holds each cached VMID ("name|type|node"), to name it in the error. */
export const vmidNamesKey = (nodeId: string) => `vmid-names:${nodeId}`;

/** How long a page view keeps its clusters polled. */
export const INTEREST_SECONDS = 180;
export const POLL_INTERVAL_MS = 5_000;
/** Cached answers outlive failures so pages can show the last known data and its age. */
export const RESOURCES_TTL_SECONDS = 24 * 3600;
export const VMID_CACHE_TTL_SECONDS = 300;
export const MAX_BACKOFF_MS = 60_000;
