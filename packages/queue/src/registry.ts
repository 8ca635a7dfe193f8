import { z } from 'zod';

/**
 * Every job Kiln runs: its queue, name and the zod schema of its data. Jobs carry ids only,
 * never secrets; the worker loads what it needs from the database.
 */
export const QUEUES = ['provisioning', 'operations', 'maintenance', 'interactive', 'notifications'] as const;
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
  /** Runs (or resumes) one operation row: a power action, a delete, or a bulk parent with its children. */
  runOperation: defineJob({
    name: 'operation.run',
    queue: 'operations',
    schema: z.object({ operationId: z.uuid() }),
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
  /**
   * The connection test of a node being saved or tested again (request/response). The data is
   * an id only: the test's input, secrets included, waits sealed in Redis (nodes/connection-remote.ts).
   */
  testNodeConnection: defineJob({
    name: 'node.connection-test',
    queue: 'interactive',
    schema: z.object({ requestId: z.uuid() }),
  }),
  /** Re-reads one cluster's backup storages, archives and jobs into the cache pages read (day-2 backups). */
  refreshBackups: defineJob({
    name: 'backup.catalog',
    queue: 'interactive',
    schema: z.object({ userId: z.uuid(), nodeId: z.uuid() }),
  }),
  /** A container's snapshot tree and whether its storages can snapshot (request/response). */
  listSnapshots: defineJob({
    name: 'snapshot.list',
    queue: 'interactive',
    schema: z.object({ userId: z.uuid(), nodeId: z.uuid(), vmid: z.number().int().positive(), type: z.enum(['lxc', 'qemu']).default('lxc') }),
  }),
  /** Fetches one catalogue source and adds the new template versions it holds ("Sync now" or its schedule). */
  syncCatalogueSource: defineJob({
    name: 'catalogue.sync',
    queue: 'maintenance',
    schema: z.object({ sourceId: z.uuid(), scheduled: z.boolean().default(false) }),
  }),
  /** "Check now" of OS package updates: one container, or every running one of a node (update checks). */
  checkUpdates: defineJob({
    name: 'updates.check',
    queue: 'interactive',
    schema: z.object({ userId: z.uuid(), nodeId: z.uuid(), vmid: z.number().int().positive().optional() }),
  }),
  /** The update checks' scheduler, every minute: checks the containers whose minute of the day it is. */
  updatesTick: defineJob({
    name: 'updates.tick',
    queue: 'maintenance',
    schema: z.object({}),
  }),
  /** Update schedules, every minute: starts the bulk update runs whose window has come. */
  updateSchedules: defineJob({
    name: 'updates.schedules',
    queue: 'maintenance',
    schema: z.object({}),
  }),
  /** Service checks, every 10 s: runs the due ones from the worker to each container (claimed, so two workers never run one twice). */
  serviceChecksTick: defineJob({
    name: 'checks.tick',
    queue: 'maintenance',
    schema: z.object({}),
  }),
  /** Sends one notification (an alert event or a test) to one channel; retried with backoff. */
  deliverNotification: defineJob({
    name: 'alert.deliver',
    queue: 'notifications',
    schema: z.object({ deliveryId: z.uuid() }),
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

/** The registry key of a job name as BullMQ hands it back (undefined for a name Kiln does not know). */
export function jobKeyByName(name: string): JobKey | undefined {
  return (Object.keys(JOBS) as JobKey[]).find((k) => JOBS[k].name === name);
}

export function jobByName(name: string): JobDefinition | undefined {
  const key = jobKeyByName(name);
  return key ? JOBS[key] : undefined;
}

/**
 * What a process that runs jobs must provide: one handler per job key, typed by that job's data.
 * A job added to JOBS without a handler is a compile error where the map is written.
 */
export type JobHandlers<Ctx, J = unknown> = { [K in JobKey]: (data: JobData<K>, job: J, ctx: Ctx) => Promise<unknown> };

/** Finds the handler of a job by its name, parses its data once with the job's schema, runs it. */
export async function dispatchJob<Ctx, J extends { name: string; data: unknown }>(handlers: JobHandlers<Ctx, J>, job: J, ctx: Ctx): Promise<unknown> {
  const key = jobKeyByName(job.name);
  if (!key) throw new Error(`No handler for job "${job.name}"`);
  return runHandler(handlers, key, job, ctx);
}

function runHandler<K extends JobKey, Ctx, J extends { data: unknown }>(handlers: JobHandlers<Ctx, J>, key: K, job: J, ctx: Ctx): Promise<unknown> {
  const data = JOBS[key].schema.parse(job.data) as JobData<K>;
  return handlers[key](data, job, ctx);
}
