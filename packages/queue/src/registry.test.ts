import { describe, expect, it } from 'vitest';
import { dispatchJob, JOBS, type JobHandlers } from './registry';

type Ctx = { seen: unknown[] };
const job = (name: string, data: unknown) => ({ name, data });

/** Every job with a handler that records the (parsed) data it got. */
const handlers: JobHandlers<Ctx, { name: string; data: unknown }> = {
  ping: async (d, _j, ctx) => ctx.seen.push(d),
  provisionContainer: async (d, _j, ctx) => ctx.seen.push(d),
  runOperation: async (d, _j, ctx) => ctx.seen.push(d),
  listServices: async (d, _j, ctx) => ctx.seen.push(d),
  serviceJournal: async (d, _j, ctx) => ctx.seen.push(d),
  followJournal: async (d, _j, ctx) => ctx.seen.push(d),
  testNodeConnection: async (d, _j, ctx) => ctx.seen.push(d),
  refreshBackups: async (d, _j, ctx) => ctx.seen.push(d),
  listSnapshots: async (d, _j, ctx) => ctx.seen.push(d),
  syncCatalogueSource: async (d, _j, ctx) => ctx.seen.push(d),
  checkUpdates: async (d, _j, ctx) => ctx.seen.push(d),
  updatesTick: async (d, _j, ctx) => ctx.seen.push(d),
  updateSchedules: async (d, _j, ctx) => ctx.seen.push(d),
  deliverNotification: async (d, _j, ctx) => ctx.seen.push(d),
  serviceChecksTick: async (d, _j, ctx) => ctx.seen.push(d),
  janitor: async (d, _j, ctx) => ctx.seen.push(d),
};

// A registry entry without its handler does not compile (tsc checks this file).
// @ts-expect-error runOperation has no handler
const missing: JobHandlers<Ctx, { name: string; data: unknown }> = {
  ping: handlers.ping,
  provisionContainer: handlers.provisionContainer,
  listServices: handlers.listServices,
  serviceJournal: handlers.serviceJournal,
  followJournal: handlers.followJournal,
  testNodeConnection: handlers.testNodeConnection,
  refreshBackups: handlers.refreshBackups,
  listSnapshots: handlers.listSnapshots,
  syncCatalogueSource: handlers.syncCatalogueSource,
  janitor: handlers.janitor,
};
void missing;

describe('the job registry', () => {
  it("hands a job's data to its handler parsed by the job's schema, once", async () => {
    const ctx: Ctx = { seen: [] };
    const id = '5f0c6a8e-3d1b-4c2a-9e7f-1a2b3c4d5e6f';
    await dispatchJob(handlers, job(JOBS.runOperation.name, { operationId: id, extra: 'dropped' }), ctx);
    expect(ctx.seen).toEqual([{ operationId: id }]);
  });

  it('refuses data that does not match the schema before any handler runs', async () => {
    const ctx: Ctx = { seen: [] };
    await expect(dispatchJob(handlers, job(JOBS.runOperation.name, { operationId: 'not-a-uuid' }), ctx)).rejects.toThrow();
    await expect(dispatchJob(handlers, job('no.such.job', {}), ctx)).rejects.toThrow(/No handler for job "no.such.job"/);
    expect(ctx.seen).toEqual([]);
  });
});
