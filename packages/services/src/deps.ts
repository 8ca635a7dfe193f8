import { getDb, type Db } from '@kiln/db';
import { getRedis, type Redis } from '@kiln/redis';

/** The data stores a service function reads and writes (tests pass their own). */
export interface DataDeps {
  db: Db;
  redis: Redis;
}

/**
 * This process's long-lived clients (singletons on globalThis). Only a process's composition root
 * calls this (apps/web/src/server/services.ts, the worker's runtime); everything else is handed
 * the deps, so apps never import @kiln/db or @kiln/redis themselves.
 */
export function processDeps(): DataDeps {
  return { db: getDb(), redis: getRedis() };
}
