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
}

export function createContext(): WorkerContext {
  const config = getConfig();
  return {
    config,
    db: getDb(),
    redis: getRedis(),
    log: createLogger('worker', config.LOG_LEVEL),
    workerId: `${hostname()}:${process.pid}`,
  };
}
