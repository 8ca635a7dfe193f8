import type { Job } from '@kiln/queue';
import { dispatchJob, type JobHandlers } from '@kiln/queue';
import path from 'node:path';
import {
  RetryLater,
  cleanupUpdateSnapshots,
  requeueStaleOperations,
  runConnectionTest,
  runCreation,
  runJanitor,
  runDelivery,
  runOperation,
  serveBackupCatalog,
  serveConnectionTest,
  serveSnapshotList,
  serveUpdateCheck,
  runUpdateTick,
  runDueUpdateSchedules,
  runDueChecks,
  syncCatalogueSource,
} from '@kiln/services';
import type { WorkerContext } from '../runtime';
import { serviceHandlers } from './services';

/** One handler per job of the registry (a job without one does not compile); data arrives parsed. */
const handlers: JobHandlers<WorkerContext, Job> = {
  ping: async ({ nonce }) => ({ pong: nonce, at: Date.now() }),
  provisionContainer: async ({ containerId }, job, ctx) => {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      return await runCreation({ db: ctx.db, redis: ctx.redis, log: ctx.log.child('provision'), workerId: ctx.workerId, signal: ctx.shutdown }, containerId, { lastAttempt });
    } catch (e) {
      // BullMQ retries the job with backoff; the step states in PostgreSQL say where to resume.
      if (e instanceof RetryLater) ctx.log.info(`creation ${containerId}: ${e.message}`);
      throw e;
    }
  },
  runOperation: async ({ operationId }, job, ctx) => {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return runOperation(ctx.operations, operationId, { lastAttempt });
  },
  listServices: async (data, _job, ctx) => serviceHandlers.list(data, ctx),
  serviceJournal: async (data, _job, ctx) => serviceHandlers.journal(data, ctx),
  followJournal: async (data, _job, ctx) => serviceHandlers.follow(data, ctx),
  // The web asks; the worker alone connects to the node (TLS, API, SSH).
  testNodeConnection: async (data, _job, ctx) => serveConnectionTest({ redis: ctx.redis }, data, runConnectionTest),
  refreshBackups: async (data, _job, ctx) => serveBackupCatalog({ db: ctx.db, redis: ctx.redis }, data),
  listSnapshots: async (data, _job, ctx) => serveSnapshotList({ db: ctx.db, redis: ctx.redis }, data),
  syncCatalogueSource: async ({ sourceId, scheduled }, _job, ctx) => {
    const cacheRoot = path.join(ctx.config.KILN_DATA_DIR, 'catalogue');
    const report = await syncCatalogueSource({ db: ctx.db, cacheRoot, allowInternal: ctx.config.KILN_ALLOW_LOOPBACK_NODES }, sourceId, { scheduled });
    ctx.log.info(`catalogue source ${sourceId}: ${report.result}, ${report.added} added, ${report.entries.length} entries not synced${report.error ? ` (${report.error})` : ''}`);
    return { result: report.result, added: report.added, commit: report.commit };
  },
  checkUpdates: async (data, _job, ctx) => serveUpdateCheck({ db: ctx.db, redis: ctx.redis }, data),
  updatesTick: async (_data, _job, ctx) => {
    const r = await runUpdateTick({ db: ctx.db, redis: ctx.redis });
    if (r.checked) ctx.log.info(`update checks: ${r.checked} container(s), ${r.pending} pending upgrade(s), ${r.security} security, ${r.failed} failed`);
    return r;
  },
  updateSchedules: async (_data, _job, ctx) => runDueUpdateSchedules({ db: ctx.db, redis: ctx.redis, log: ctx.log.child('updates') }),
  serviceChecksTick: async (_data, _job, ctx) => {
    const r = await runDueChecks({ db: ctx.db, redis: ctx.redis, log: ctx.log.child('checks'), allowInternal: ctx.config.KILN_ALLOW_LOOPBACK_NODES });
    if (r.fired || r.resolved) ctx.log.info(`service checks: ${r.ran} run, ${r.down} failing, ${r.fired} alert(s) fired, ${r.resolved} resolved`);
    return r;
  },
  deliverNotification: async ({ deliveryId }, job, ctx) => {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return runDelivery({ db: ctx.db, log: ctx.log.child('alerts'), allowInternal: ctx.config.KILN_ALLOW_LOOPBACK_NODES }, deliveryId, { lastAttempt });
  },
  janitor: async (_data, _job, ctx) => {
    const r = await runJanitor({ db: ctx.db, redis: ctx.redis, log: ctx.log.child('janitor') });
    const operations = await requeueStaleOperations(ctx.db);
    if (operations.length) ctx.log.info(`re-queued ${operations.length} stalled operation(s)`);
    // Hourly at most (a Redis guard): pre-update snapshots past their keep time.
    const sweep = await cleanupUpdateSnapshots({ db: ctx.db, redis: ctx.redis, log: ctx.log.child('updates') });
    if (sweep.deleted.length) ctx.log.info(`deleted ${sweep.deleted.length} pre-update snapshot(s) past their keep time`);
    return { requeued: r.requeued.length, orphans: r.orphans.length, operations: operations.length, snapshotsDeleted: sweep.deleted.length };
  },
};

export function dispatch(job: Job, ctx: WorkerContext): Promise<unknown> {
  return dispatchJob(handlers, job, ctx);
}
