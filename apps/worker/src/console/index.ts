import type { WorkerContext } from '../runtime';
import { startConsoleGateway, type ConsoleGateway } from './gateway';

export { startConsoleGateway, type ConsoleGateway, type ConsoleGatewayOptions } from './gateway';
export { CLOSE } from './protocol';

/** Starts the console gateway of this worker process from its configuration. */
export function startConsole(ctx: WorkerContext): Promise<ConsoleGateway> {
  return startConsoleGateway({
    db: ctx.db,
    redis: ctx.redis,
    log: ctx.log.child('console'),
    host: ctx.config.CONSOLE_HOST,
    port: ctx.config.CONSOLE_PORT,
    idleMs: ctx.config.CONSOLE_IDLE_MINUTES * 60_000,
    workerId: ctx.workerId,
  });
}
