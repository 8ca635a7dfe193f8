import { pollDueClusters } from '@kiln/services';
import type { WorkerContext } from '../runtime';

const TICK_MS = 1_000;

/**
 * Keeps /cluster/resources of every cluster someone is looking at fresh in Redis: one poll per
 * cluster per 5 s whatever the number of tabs, users or workers (a Redis lock decides who polls).
 */
export function startInventoryPoller(ctx: WorkerContext): { stop(): Promise<void> } {
  const inFlight = new Set<string>();
  const pending = new Set<Promise<unknown>>();
  let stopped = false;
  let ticking = false;
  const tick = async () => {
    if (stopped || ticking) return;
    ticking = true;
    try {
      const started = await pollDueClusters({ db: ctx.db, redis: ctx.redis, log: ctx.log.child('inventory'), workerId: ctx.workerId }, inFlight);
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
