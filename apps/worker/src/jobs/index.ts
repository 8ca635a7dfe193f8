import type { Job } from '@kiln/queue';
import { JOBS, jobByName } from '@kiln/queue';
import type { WorkerContext } from '../runtime';

export type JobHandler = (data: unknown, job: Job, ctx: WorkerContext) => Promise<unknown>;

/** Handlers by job name. Each validates its data with the job's schema from the registry. */
const handlers: Record<string, JobHandler> = {
  [JOBS.ping.name]: async (data) => {
    const { nonce } = JOBS.ping.schema.parse(data);
    return { pong: nonce, at: Date.now() };
  },
};

export async function dispatch(job: Job, ctx: WorkerContext): Promise<unknown> {
  const handler = handlers[job.name];
  if (!handler || !jobByName(job.name)) throw new Error(`No handler for job "${job.name}"`);
  return handler(job.data, job, ctx);
}
