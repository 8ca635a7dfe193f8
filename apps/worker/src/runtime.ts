import { hostname } from 'node:os';
import { getConfig, type Config } from '@kiln/config';
import { createLogger, type Logger } from '@kiln/core';
import { getDb, type Db } from '@kiln/db';
import { getRedis, type Redis } from '@kiln/redis';
import { VmidService, type OperationDeps } from '@kiln/services';

/** What every job handler gets: the shared clients of this worker process. */
export interface WorkerContext {
  config: Config;
  db: Db;
  redis: Redis;
  log: Logger;
  workerId: string;
  /** Aborted on SIGTERM: long steps checkpoint and hand their job back. */
  shutdown: AbortSignal;
  /** What the operation runners need (leases last as long as a job's lock). */
  operations: OperationDeps;
}

export function createContext(shutdown: AbortSignal): WorkerContext {
  const config = getConfig();
  const db = getDb();
  const redis = getRedis();
  const log = createLogger('worker', config.LOG_LEVEL);
  const workerId = `${hostname()}:${process.pid}`;
  return {
    shutdown,
    config,
    db,
    redis,
    log,
    workerId,
    operations: { db, redis, vmids: new VmidService(db, redis), log: log.child('operation'), workerId, leaseMs: config.JOB_LOCK_MS, signal: shutdown },
  };
}
