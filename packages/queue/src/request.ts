import { QueueEvents } from 'bullmq';
import { queueConnectionOptions } from '@kiln/redis';
import { JOBS, type JobData, type JobKey, type QueueName } from './registry';
import { bullPrefix, getQueue } from './queues';

const globalForEvents = globalThis as unknown as { __kilnQueueEvents?: Map<QueueName, QueueEvents> };

function queueEvents(name: QueueName): QueueEvents {
  globalForEvents.__kilnQueueEvents ??= new Map();
  let ev = globalForEvents.__kilnQueueEvents.get(name);
  if (!ev) {
    ev = new QueueEvents(name, { connection: queueConnectionOptions(), prefix: bullPrefix() });
    globalForEvents.__kilnQueueEvents.set(name, ev);
  }
  return ev;
}

/** No worker answered within the time the caller can wait. */
export class JobTimeoutError extends Error {
  constructor(readonly jobName: string) {
    super(`No worker answered "${jobName}" in time.`);
    this.name = 'JobTimeoutError';
  }
}

/**
 * Request/response through the worker: enqueues a short job and waits for its return value.
 * A request nobody took in time is withdrawn, so a late worker does not act on a stale question.
 * A job that failed rejects with the worker's error message (handlers return safe errors as data).
 */
export async function requestJob<K extends JobKey>(key: K, data: JobData<K>, opts: { timeoutMs: number }): Promise<unknown> {
  const def = JOBS[key];
  const parsed = def.schema.parse(data);
  const events = queueEvents(def.queue);
  await events.waitUntilReady();
  const job = await getQueue(def.queue).add(def.name, parsed, { attempts: 1, removeOnComplete: { age: 300 }, removeOnFail: { age: 300 } });
  try {
    return await job.waitUntilFinished(events, opts.timeoutMs);
  } catch (e) {
    if (e instanceof Error && /timed out/i.test(e.message)) {
      await job.remove().catch(() => undefined);
      throw new JobTimeoutError(def.name);
    }
    throw e;
  }
}

export async function closeQueueEvents(): Promise<void> {
  const evs = globalForEvents.__kilnQueueEvents;
  globalForEvents.__kilnQueueEvents = undefined;
  if (evs) await Promise.all([...evs.values()].map((e) => e.close()));
}
