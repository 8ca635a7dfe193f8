import { getRedis, redisTarget } from '@kiln/redis';

/*
 * The state of this process's Redis connection, for Kiln's HTTP server in front of Next.js: it
 * answers 503 while Redis is away instead of letting requests hang. Exported alone as
 * @kiln/services/redis-health so that server's bundle does not load the whole services package.
 */
export interface RedisHealth {
  ready(): boolean;
  /** Why the last attempt failed (user-safe words, no URL), until the connection is ready again. */
  lastError(): string | undefined;
  /** Resolves true as soon as the connection is ready, false on an error or after `ms`. */
  readyWithin(ms: number): Promise<boolean>;
  /** The configured Redis URL without its password, for the 503 page. */
  target(): string;
}

/** Watches the process's shared Redis client (the one sessions and caches use). */
export function watchRedis(): RedisHealth {
  const redis = getRedis();
  let lastError: string | undefined;
  redis.on('ready', () => (lastError = undefined));
  redis.on('error', (e: NodeJS.ErrnoException) => (lastError = describe(e)));
  redis.on('close', () => (lastError ??= 'connection lost'));
  return {
    ready: () => redis.status === 'ready',
    lastError: () => lastError,
    target: redisTarget,
    readyWithin: (ms) =>
      new Promise((resolve) => {
        const done = (ok: boolean) => {
          clearTimeout(timer);
          redis.off('ready', onReady);
          redis.off('error', onError);
          resolve(ok);
        };
        const onReady = () => done(true);
        const onError = () => done(false);
        const timer = setTimeout(() => done(false), ms);
        redis.once('ready', onReady);
        redis.once('error', onError);
      }),
  };
}

function describe(e: NodeJS.ErrnoException): string {
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return 'host not found';
  if (e.code === 'ETIMEDOUT' || /timed? ?out/i.test(e.message)) return 'timed out';
  if (/NOAUTH|WRONGPASS/.test(e.message)) return 'authentication failed';
  return 'connection failed';
}
