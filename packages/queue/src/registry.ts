import { z } from 'zod';

/**
 * Every job Kiln runs: its queue, name and the zod schema of its data. Jobs carry ids only,
 * never secrets; the worker loads what it needs from the database.
 */
export const QUEUES = ['provisioning', 'maintenance', 'interactive'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  queue: QueueName;
  schema: S;
}

function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export const JOBS = {
  /** A no-op round trip through Redis and the worker; used by health checks and tests. */
  ping: defineJob({
    name: 'system.ping',
    queue: 'maintenance',
    schema: z.object({ nonce: z.string().max(64) }),
  }),
  /** Runs (or resumes) the creation of one container row, step by step. */
  provisionContainer: defineJob({
    name: 'container.provision',
    queue: 'provisioning',
    schema: z.object({ containerId: z.uuid() }),
  }),
  /** The systemd services of a running container (the web awaits the answer: request/response). */
  listServices: defineJob({
    name: 'service.list',
    queue: 'interactive',
    schema: z.object({ userId: z.uuid(), nodeId: z.uuid(), vmid: z.number().int().positive() }),
  }),
  /** The last lines of one unit's journal (request/response). */
  serviceJournal: defineJob({
    name: 'service.journal',
    queue: 'interactive',
    schema: z.object({ userId: z.uuid(), nodeId: z.uuid(), vmid: z.number().int().positive(), unit: z.string().max(256), lines: z.number().int().min(1).max(1000) }),
  }),
  /** Follows one unit's journal into a Redis stream the web route relays, while the browser listens. */
  followJournal: defineJob({
    name: 'service.journal-follow',
    queue: 'interactive',
    schema: z.object({ userId: z.uuid(), nodeId: z.uuid(), vmid: z.number().int().positive(), unit: z.string().max(256), followId: z.uuid(), maxMs: z.number().int().positive() }),
  }),
  /** Re-enqueues stuck creations and reports tagged containers without a row. */
  janitor: defineJob({
    name: 'system.janitor',
    queue: 'maintenance',
    schema: z.object({}),
  }),
} as const;

export type JobKey = keyof typeof JOBS;
export type JobData<K extends JobKey> = z.infer<(typeof JOBS)[K]['schema']>;

export function jobByName(name: string): JobDefinition | undefined {
  return Object.values(JOBS).find((j) => j.name === name);
}
