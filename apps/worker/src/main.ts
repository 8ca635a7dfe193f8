import { writeFileSync } from 'node:fs';
import { ConfigurationError, redactUrl } from '@kiln/config';
import { closeDb } from '@kiln/db';
import { bullPrefix, BullWorker, getQueue, JOBS, QUEUES, type QueueName, type Worker } from '@kiln/queue';
import { CHECK_TICK_MS, closePveClients, sshPool, syncBuiltinTemplates } from '@kiln/services';
import { closeRedis, queueConnectionOptions } from '@kiln/redis';
import { dispatch } from './jobs';
import { startInventoryPoller } from './pollers/inventory';
import { startConsole } from './console';
import { createContext, type WorkerContext } from './runtime';

const SHUTDOWN_DEADLINE_MS = 25_000;
/** Journal follows hold a slot each for up to 15 minutes; reads must not queue behind them. */
const INTERACTIVE_CONCURRENCY = 50;
/** Queue -> how many of its jobs one worker runs at once. Creations and operations mostly wait on Proxmox tasks. */
const concurrencyOf = (queue: QueueName, config: WorkerContext['config']) =>
  queue === 'provisioning' ? config.PROVISION_CONCURRENCY : queue === 'operations' ? config.OPERATION_CONCURRENCY : queue === 'interactive' ? INTERACTIVE_CONCURRENCY : config.WORKER_CONCURRENCY;

async function main(): Promise<void> {
  const shutdownController = new AbortController();
  let ctx;
  try {
    ctx = createContext(shutdownController.signal);
  } catch (e) {
    if (e instanceof ConfigurationError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const { log, db, redis, config } = ctx;

  try {
    await db.$queryRaw`SELECT 1`;
  } catch (e) {
    log.error(`PostgreSQL is not reachable at ${redactUrl(config.DATABASE_URL)}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  try {
    await redis.ping();
  } catch (e) {
    log.error(`Redis is not reachable at ${redactUrl(config.REDIS_URL)}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }

  // The built-in template catalogue is kept in the database (rows the creations refer to).
  await syncBuiltinTemplates(db).catch((e: unknown) => log.error('built-in templates could not be loaded', { error: e }));

  const workers: Worker[] = QUEUES.map(
    (queue) =>
      new BullWorker(queue, (job) => dispatch(job, ctx), {
        connection: queueConnectionOptions(),
        prefix: bullPrefix(),
        concurrency: concurrencyOf(queue, config),
        lockDuration: config.JOB_LOCK_MS,
        stalledInterval: Math.max(1000, Math.floor(config.JOB_LOCK_MS / 2)),
        // A killed worker's creation is picked up again, however often that happens.
        maxStalledCount: 50,
      }),
  );
  await getQueue('maintenance').upsertJobScheduler('janitor', { every: 30_000 }, { name: JOBS.janitor.name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  // Update checks: each container at its own minute of the day (services/updates/schedule.ts).
  if (config.KILN_UPDATE_CHECKS) {
    await getQueue('maintenance').upsertJobScheduler('updates-tick', { every: 60_000 }, { name: JOBS.updatesTick.name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  } else await getQueue('maintenance').removeJobScheduler('updates-tick');
  // Update schedules (maintenance windows): runs only what users scheduled, so always on.
  await getQueue('maintenance').upsertJobScheduler('update-schedules', { every: 60_000 }, { name: JOBS.updateSchedules.name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  // Service checks: each check on its own interval; the tick runs the due ones.
  await getQueue('maintenance').upsertJobScheduler('checks-tick', { every: CHECK_TICK_MS }, { name: JOBS.serviceChecksTick.name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  for (const w of workers) {
    w.on('failed', (job, err) => log.warn(`job ${job?.name} ${job?.id} failed`, { error: err }));
    w.on('error', (err) => log.error('queue error', { error: err }));
  }

  // A heartbeat file serves the container healthcheck (docker-compose) and the supervisor test.
  // (The Redis heartbeat key it used to write had no reader; operations use row leases instead.)
  const heartbeatFile = config.KILN_HEARTBEAT_FILE;
  const beat = () => {
    if (heartbeatFile) writeFileSync(heartbeatFile, String(Date.now()));
  };
  beat();
  const heartbeat = setInterval(beat, 10_000);
  heartbeat.unref();

  const inventory = startInventoryPoller(ctx);
  // The web console's websocket gateway; a failure to listen must not stop provisioning.
  const consoleGateway = await startConsole(ctx).catch((e: unknown) => {
    log.error('console gateway failed to start; the web console is unavailable', { error: e });
    return undefined;
  });

  log.info(`worker ${ctx.workerId} ready`, { queues: QUEUES, concurrency: config.WORKER_CONCURRENCY });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received, finishing current jobs`);
    // Running creations checkpoint their step and hand their job back.
    shutdownController.abort(new Error('worker shutting down'));
    const force = setTimeout(() => {
      log.warn('shutdown deadline reached, forcing exit');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS + 3_000);
    force.unref();
    clearInterval(heartbeat);
    await inventory.stop();
    await consoleGateway?.stop();
    // close() waits for active jobs; past the deadline, force-close so BullMQ's lock expiry hands them to another worker.
    const graceful = Promise.all(workers.map((w) => w.close()));
    const timedOut = await Promise.race([graceful.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), SHUTDOWN_DEADLINE_MS).unref())]);
    if (timedOut) await Promise.all(workers.map((w) => w.close(true)));
    await Promise.allSettled([closeDb(), closeRedis(), closePveClients(), sshPool().close()]);
    log.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  console.error('worker failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
