import type { Db } from '@kiln/db';
import { getQueue, JOBS } from '@kiln/queue';
import { enqueueOperation } from './jobs';
// Creations have their own janitor (provisioning/janitor.ts) on their own queue.
import { CREATE_KIND } from '../provisioning/operation';

/** How long an unfinished, unleased top-level operation may sit before the janitor hands it to a worker again. */
const STALE_MS = 120_000;

/**
 * Operations that ended up without a live job: the enqueue after the row failed (Redis blip), or
 * the job used up its attempts while the row was leased elsewhere. Their job is replaced; the
 * runner resumes them (following a recorded UPID, never starting a task twice).
 */
export async function requeueStaleOperations(db: Db): Promise<string[]> {
  const now = Date.now();
  const stale = await db.operation.findMany({
    where: {
      parentId: null,
      kind: { not: CREATE_KIND },
      state: { in: ['queued', 'running'] },
      updatedAt: { lt: new Date(now - STALE_MS) },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: new Date(now) } }],
    },
    select: { id: true },
    take: 100,
  });
  const requeued: string[] = [];
  for (const { id } of stale) {
    const job = await getQueue(JOBS.runOperation.queue).getJob(id);
    const state = job ? await job.getState() : 'missing';
    if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'prioritized' || state === 'waiting-children') continue;
    // A finished job keeps its id for a day: it must go before the same id can be queued again.
    if (job) await job.remove().catch(() => undefined);
    await enqueueOperation(id);
    requeued.push(id);
  }
  return requeued;
}
