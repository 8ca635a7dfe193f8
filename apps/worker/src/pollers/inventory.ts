import { evaluateAlerts, keepWatchedClustersPolled, pollDueClusters, type PollerDeps } from '@kiln/services';
import type { WorkerContext } from '../runtime';

const TICK_MS = 1_000;

/**
 * Keeps /cluster/resources of every cluster someone is looking at fresh in Redis: one poll per
 * cluster per 5 s whatever the number of tabs, users or workers (a Redis lock decides who polls).
 * Clusters of users with a notification channel are kept polled, and each poll feeds the alert rules.
 */
export function startInventoryPoller(ctx: WorkerContext): { stop(): Promise<void> } {
  const inFlight = new Set<string>();
  const alertLog = ctx.log.child('alerts');
  const deps: PollerDeps = {
    db: ctx.db,
    redis: ctx.redis,
    log: ctx.log.child('inventory'),
    workerId: ctx.workerId,
    // Rules are evaluated on each poll's data: alerts cost Proxmox no request of their own.
    afterPoll: (snap, prev, nodes) => evaluateAlerts({ db: ctx.db, redis: ctx.redis, log: alertLog }, snap, prev, nodes),
  };
  const pending = new Set<Promise<unknown>>();
  let stopped = false;
  let ticking = false;
  const tick = async () => {
    if (stopped || ticking) return;
    ticking = true;
    try {
      await keepWatchedClustersPolled(ctx.db, ctx.redis, ctx.workerId);
      const started = await pollDueClusters(deps, inFlight);
      for (const p of started) {
        pending.add(p);
        void p.finally(() => pending.delete(p));
      }
    } catch (e) {
      ctx.log.warn('inventory tick failed', { error: e });
    } finally {
      ticking = false;
    }
  };
  const timer = setInterval(() => void tick(), TICK_MS);
  void tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...pending]);
    },
  };
}
