import { createHash } from 'node:crypto';

/**
 * Every Redis key the services write, with its TTL: the one place a key string is spelled out.
 * All keys sit under the configured prefix (the Redis client adds it) and expire, except the
 * interest set, which is trimmed by score instead.
 *
 * The split with @kiln/auth: sign-in state (sessions, pending second factors, TOTP/WebAuthn
 * challenges, rate limits) is auth's, listed in packages/auth/src/keys.ts, because services
 * depend on auth and not the other way round. BullMQ's queue keys belong to @kiln/queue.
 * This module imports nothing from the rest of services, so the small entry points
 * (@kiln/services/gateway-advert) can use it without loading the whole package.
 */

// ---- Inventory (the poller's cached cluster snapshots) ----
/** Clusters someone looked at recently, scored by when the interest ends. */
export const INTEREST_ZSET = 'inventory:interest';
export const resourcesKey = (clusterKey: string) => `inventory:resources:${clusterKey}`;
/** The `attemptedAt` of the cached snapshot, written with it: readers reuse a parsed copy while it matches. */
export const resourcesVersionKey = (clusterKey: string) => `inventory:resources-version:${clusterKey}`;
/** Spaces polls of one cluster across workers and tabs; stretched on failure for back-off. */
export const pollLockKey = (clusterKey: string) => `inventory:poll-lock:${clusterKey}`;
export const pollFailKey = (clusterKey: string) => `inventory:poll-fail:${clusterKey}`;
/** How long a page view keeps its clusters polled. */
export const INTEREST_SECONDS = 180;
export const POLL_INTERVAL_MS = 5_000;
/** Cached answers outlive failures so pages can show the last known data and its age. */
export const RESOURCES_TTL_SECONDS = 24 * 3600;
export const POLL_FAIL_TTL_SECONDS = 3600;
export const MAX_BACKOFF_MS = 60_000;

// ---- VMIDs ----
export const vmidCacheKey = (nodeId: string) => `vmid-cache:${nodeId}`;
/** Who holds each cached VMID ("name|type|node"), to name it in the error. */
export const vmidNamesKey = (nodeId: string) => `vmid-names:${nodeId}`;
export const VMID_CACHE_TTL_SECONDS = 300;
/** A VMID a creation holds between choosing it and PVE having the container. */
export const vmidReserveKey = (clusterKey: string, vmid: number) => `vmid-reserve:${clusterKey}:${vmid}`;
export const VMID_RESERVE_TTL_SECONDS = 3600;

// ---- Console ----
/** A one-time console ticket, stored under its hash (a Redis dump holds no usable ticket). */
export const consoleTicketKey = (ticket: string) => `console-ticket:${createHash('sha256').update(ticket).digest('base64url')}`;
export const CONSOLE_TICKET_TTL_SECONDS = 30;
/** Where the worker's console gateway listens; renewed while it runs. */
export const GATEWAY_KEY = 'console:gateway';
export const GATEWAY_TTL_SECONDS = 30;

// ---- Progress of work in flight ----
/** A journal follow the worker runs: its lines (a capped stream), and the key its relay keeps alive. */
export const journalFollowKey = (followId: string) => `journal-follow:${followId}`;
export const journalFollowAliveKey = (followId: string) => `journal-follow-alive:${followId}`;
export const JOURNAL_FOLLOW_TTL_SECONDS = 120;
export const JOURNAL_FOLLOW_ALIVE_TTL_SECONDS = 30;
/** A node connection test waiting for the worker: its input (secrets included) sealed with the app key, read once. */
export const nodeTestKey = (requestId: string) => `node-test:${requestId}`;
export const NODE_TEST_TTL_SECONDS = 90;
/** The one progress channel of an operation (a capped stream). */
export const operationEventsKey = (operationId: string) => `op-events:${operationId}`;
export const OPERATION_EVENTS_TTL_SECONDS = 7 * 24 * 3600;

// ---- Janitor ----
/** An orphan already reported today (reported once a day, not on every pass). */
export const orphanReportedKey = (clusterKey: string, vmid: number) => `janitor:orphan:${clusterKey}:${vmid}`;
export const ORPHAN_REPORT_TTL_SECONDS = 24 * 3600;

// ---- Backups (day-2) ----
/** A cluster's backup catalog (storages, archives, jobs), refreshed by the worker. */
export const backupCatalogKey = (clusterKey: string) => `backups:catalog:${clusterKey}`;
export const BACKUP_CATALOG_TTL_SECONDS = 24 * 3600;
/** A catalog older than this is served and refreshed in the background. */
export const BACKUP_CATALOG_FRESH_MS = 60_000;
/** One refresh of a cluster's catalog at a time, across tabs and web processes. */
export const backupRefreshLockKey = (clusterKey: string) => `backups:refresh-lock:${clusterKey}`;
export const BACKUP_REFRESH_LOCK_SECONDS = 20;

// ---- Update checks ----
/** One scheduled update-check tick at a time across workers (a tick that overruns skips the next). */
/** Bumped whenever a cluster's update statuses change: the web keeps the counts of a stamp it has seen (no query per page view). */
export const updatesStampKey = (clusterKey: string) => `updates:stamp:${clusterKey}`;
/** Daily checks keep it alive; once gone (or before the first check), the next page view starts it again at 0. */
export const UPDATES_STAMP_TTL_SECONDS = 7 * 24 * 3600;
export const UPDATES_TICK_LOCK = 'updates:tick-lock';
export const UPDATES_TICK_LOCK_TTL_SECONDS = 300;

// ---- updates (issue 15) ----
/** Held while one worker sweeps old pre-update snapshots: the janitor ticks every 30 s, the sweep runs hourly. */
export const UPDATE_SNAPSHOT_SWEEP_KEY = 'updates:snapshot-sweep';
export const UPDATE_SNAPSHOT_SWEEP_TTL_SECONDS = 3600;

// ---- Alerts ----
/**
 * Per-cluster rule state between polls, one hash field per condition ("since when it holds", ms),
 * plus `@ops` (failed operations are looked for after this time). Refreshed on every evaluation.
 */
export const alertStateKey = (clusterKey: string) => `alerts:state:${clusterKey}`;
export const ALERT_STATE_TTL_SECONDS = 24 * 3600;
/** Per-cluster storage usage samples for the days-to-full trend: one field per storage (JSON [[ms, bytes], ...]). */
export const alertStorageTrendKey = (clusterKey: string) => `alerts:storage-trend:${clusterKey}`;
export const ALERT_STORAGE_TREND_TTL_SECONDS = 3 * 24 * 3600;
/** Clusters of users with a notification channel stay polled (alerts need no open page). */
export const ALERT_WATCH_LOCK_KEY = 'alerts:watch-lock';
export const ALERT_WATCH_EVERY_SECONDS = 60;

// ---- Service checks ----
/** Held while one worker prunes old check results: the check tick runs every 10 s, the prune hourly. */
export const SERVICE_CHECK_PRUNE_KEY = 'checks:prune';
export const SERVICE_CHECK_PRUNE_TTL_SECONDS = 3600;
