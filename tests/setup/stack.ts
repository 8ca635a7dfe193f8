import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { childEnv, loadConfig } from '../../scripts/lib/config';
import { ROOT } from '../../scripts/lib/paths';
import { prismaGenerate, prismaMigrateDeploy } from '../../scripts/lib/prisma';
import { dropDatabase, recreateDatabase } from '../../scripts/lib/services';
import { startStack, startWeb, type Stack, type WebApp } from '../../scripts/lib/stack';
import { createRedis } from '@kiln/redis';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A fresh, migrated database for this run. */
export async function prepareDatabase(): Promise<void> {
  const cfg = loadConfig();
  await prismaGenerate(childEnv(cfg));
  await recreateDatabase(cfg.DATABASE_URL);
  await prismaMigrateDeploy(cfg.DATABASE_URL, childEnv(cfg));
}

export async function dropRunDatabase(): Promise<void> {
  await dropDatabase(loadConfig().DATABASE_URL);
}

export function builtAppsAvailable(): boolean {
  return existsSync(path.join(ROOT, 'apps/web/.next/BUILD_ID')) && existsSync(path.join(ROOT, 'apps/worker/dist/main.js'));
}

/** The built web app + worker on a free port, configured like the tests' own process. */
export async function startTestStack(extraEnv: Record<string, string> = {}): Promise<Stack> {
  const cfg = loadConfig();
  const port = await freePort();
  return startStack(childEnv(cfg, { APP_URL: `http://localhost:${port}`, ...extraEnv }), { port, silent: !process.env.KILN_TEST_VERBOSE });
}

/** A second web app alone (no worker) on a free port, e.g. with its own Redis URL or prefix. */
export async function startTestWeb(extraEnv: Record<string, string> = {}, opts: { port?: number } = {}): Promise<WebApp> {
  const cfg = loadConfig();
  const port = opts.port ?? (await freePort());
  return startWeb(childEnv(cfg, { APP_URL: `http://localhost:${port}`, ...extraEnv }), { port, silent: !process.env.KILN_TEST_VERBOSE });
}

/** Deletes every Redis key of this run's prefix. */
export async function clearRedisPrefix(): Promise<void> {
  const cfg = loadConfig();
  const redis = createRedis({ prefix: '' });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${cfg.REDIS_PREFIX}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
