import { Redis, type RedisOptions } from 'ioredis';
import { getConfig, redactUrl } from '@kiln/config';

/**
 * The one module that owns Redis connections. Every key Kiln writes goes through a client with
 * the configured prefix (tests use their own), and carries a TTL unless it is a queue.
 */
export type { Redis };

const globalForRedis = globalThis as unknown as { __kilnRedis?: Redis };

/**
 * Fail fast while Redis is away: a page must not hang on sessions for 20 s. A refused connection
 * fails a command after one reconnect attempt; a silent one (host gone, packets dropped) after
 * the connect or command timeout. Blocking commands use createQueueConnection, which has none.
 */
export const FAST_FAIL_OPTIONS = {
  connectTimeout: 3_000,
  commandTimeout: 5_000,
  maxRetriesPerRequest: 1,
} satisfies RedisOptions;

export function createRedis(opts: { url?: string; prefix?: string; extra?: RedisOptions } = {}): Redis {
  const cfg = getConfig();
  return new Redis(opts.url ?? cfg.REDIS_URL, {
    keyPrefix: opts.prefix ?? cfg.REDIS_PREFIX,
    ...FAST_FAIL_OPTIONS,
    enableAutoPipelining: true,
    lazyConnect: false,
    ...opts.extra,
  });
}

/** The configured Redis URL without its password, for messages and logs. */
export function redisTarget(): string {
  return redactUrl(getConfig().REDIS_URL);
}

/** Shared client for sessions, rate limits and caches (one per process). */
export function getRedis(): Redis {
  if (!globalForRedis.__kilnRedis) globalForRedis.__kilnRedis = createRedis();
  return globalForRedis.__kilnRedis;
}

/** Connection options for BullMQ, which needs `maxRetriesPerRequest: null` and no keyPrefix. */
export function queueConnectionOptions(): { url: string; maxRetriesPerRequest: null } {
  return { url: getConfig().REDIS_URL, maxRetriesPerRequest: null };
}

/** A dedicated connection for blocking commands or pub/sub (never share those). */
export function createQueueConnection(): Redis {
  return new Redis(getConfig().REDIS_URL, { maxRetriesPerRequest: null, connectTimeout: FAST_FAIL_OPTIONS.connectTimeout });
}

export async function closeRedis(): Promise<void> {
  const client = globalForRedis.__kilnRedis;
  globalForRedis.__kilnRedis = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}
