import { hostname } from 'node:os';
import { getConfig, type Config } from '@kiln/config';
import { createLogger, type Logger } from '@kiln/core';
import { getDb, type Db } from '@kiln/db';
import { getRedis, type Redis } from '@kiln/redis';

/** What every job handler gets: the shared clients of this worker process. */
export interface WorkerContext {
  config: Config;
  db: Db;
  redis: Redis;
  log: Logger;
  workerId: string;
  /** Aborted on SIGTERM: long steps checkpoint and hand their job back. */
  shutdown: AbortSignal;
}

export function createContext(shutdown: AbortSignal): WorkerContext {
  const config = getConfig();
  return {
    shutdown,
    config,
    db: getDb(),
    redis: getRedis(),
    log: createLogger('worker', config.LOG_LEVEL),
    workerId: `${hostname()}:${process.pid}`,
  };
}
