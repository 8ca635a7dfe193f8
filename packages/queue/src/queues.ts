import { Queue, type JobsOptions } from 'bullmq';
import { getConfig } from '@kiln/config';
import { queueConnectionOptions } from '@kiln/redis';
import { JOBS, type JobData, type JobKey, type QueueName } from './registry';

/** BullMQ keys live under the same prefix as the rest of Kiln's Redis keys. */
export function bullPrefix(): string {
  return `${getConfig().REDIS_PREFIX}bull`;
}

const globalForQueues = globalThis as unknown as { __kilnQueues?: Map<QueueName, Queue> };

export function getQueue(name: QueueName): Queue {
  globalForQueues.__kilnQueues ??= new Map();
  let q = globalForQueues.__kilnQueues.get(name);
  if (!q) {
    q = new Queue(name, { connection: queueConnectionOptions(), prefix: bullPrefix() });
    globalForQueues.__kilnQueues.set(name, q);
  }
  return q;
}

/** Validates the data with the job's schema, then enqueues it. */
export async function enqueue<K extends JobKey>(key: K, data: JobData<K>, opts: JobsOptions = {}): Promise<string> {
  const def = JOBS[key];
  const parsed = def.schema.parse(data);
  const job = await getQueue(def.queue).add(def.name, parsed, {
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
    ...opts,
  });
  return job.id ?? '';
}

export async function closeQueues(): Promise<void> {
  const qs = globalForQueues.__kilnQueues;
  globalForQueues.__kilnQueues = undefined;
  if (qs) await Promise.all([...qs.values()].map((q) => q.close()));
}

/**
 * A repeatable job under a stable id: every `everyMs` with this data, or no longer (null).
 * Upserting the same id replaces its schedule, so callers never stack duplicates.
 */
export async function scheduleJob<K extends JobKey>(schedulerId: string, key: K, everyMs: number | null, data: JobData<K>): Promise<void> {
  const def = JOBS[key];
  const queue = getQueue(def.queue);
  if (everyMs === null) {
    await queue.removeJobScheduler(schedulerId);
    return;
  }
  const parsed = def.schema.parse(data);
  await queue.upsertJobScheduler(schedulerId, { every: everyMs }, { name: def.name, data: parsed, opts: { removeOnComplete: 100, removeOnFail: 100 } });
}
