import type { JobData } from '@kiln/queue';
import { runJournalFollow, serveServiceJournal, serveServiceList } from '@kiln/services';
import type { WorkerContext } from '../runtime';

/**
 * systemd inside containers: the worker alone runs SSH, the web awaits these answers (list,
 * journal) or relays the follow's stream.
 */
export const serviceHandlers = {
  list: (data: JobData<'listServices'>, ctx: WorkerContext) => serveServiceList({ db: ctx.db, redis: ctx.redis }, data),
  journal: (data: JobData<'serviceJournal'>, ctx: WorkerContext) => serveServiceJournal({ db: ctx.db, redis: ctx.redis }, data),
  follow: (data: JobData<'followJournal'>, ctx: WorkerContext) => runJournalFollow({ db: ctx.db, redis: ctx.redis, shutdown: ctx.shutdown }, data),
};
