import type { Job } from '@kiln/queue';
import { JOBS, jobByName } from '@kiln/queue';
import { RetryLater, runCreation, runJanitor } from '@kiln/services';
import type { WorkerContext } from '../runtime';
import { serviceHandlers } from './services';

export type JobHandler = (data: unknown, job: Job, ctx: WorkerContext) => Promise<unknown>;

/** Handlers by job name. Each validates its data with the job's schema from the registry. */
const handlers: Record<string, JobHandler> = {
  [JOBS.ping.name]: async (data) => {
    const { nonce } = JOBS.ping.schema.parse(data);
    return { pong: nonce, at: Date.now() };
  },
  [JOBS.provisionContainer.name]: async (data, job, ctx) => {
    const { containerId } = JOBS.provisionContainer.schema.parse(data);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      return await runCreation({ db: ctx.db, redis: ctx.redis, log: ctx.log.child('provision'), workerId: ctx.workerId, signal: ctx.shutdown }, containerId, { lastAttempt });
    } catch (e) {
      // BullMQ retries the job with backoff; the step states in PostgreSQL say where to resume.
      if (e instanceof RetryLater) ctx.log.info(`creation ${containerId}: ${e.message}`);
      throw e;
    }
  },
  [JOBS.listServices.name]: async (data, _job, ctx) => serviceHandlers.list(JOBS.listServices.schema.parse(data), ctx),
  [JOBS.serviceJournal.name]: async (data, _job, ctx) => serviceHandlers.journal(JOBS.serviceJournal.schema.parse(data), ctx),
  [JOBS.followJournal.name]: async (data, _job, ctx) => serviceHandlers.follow(JOBS.followJournal.schema.parse(data), ctx),
  [JOBS.janitor.name]: async (_data, _job, ctx) => {
    const r = await runJanitor({ db: ctx.db, redis: ctx.redis, log: ctx.log.child('janitor') });
    return { requeued: r.requeued.length, orphans: r.orphans.length };
  },
};

export async function dispatch(job: Job, ctx: WorkerContext): Promise<unknown> {
  const handler = handlers[job.name];
  if (!handler || !jobByName(job.name)) throw new Error(`No handler for job "${job.name}"`);
  return handler(job.data, job, ctx);
}
