import type { Db } from '@kiln/db';

/**
 * One worker at a time per operation. BullMQ hands a job to one worker, but a stalled job can be
 * handed out again while its first worker is still alive (a long GC pause, a network split);
 * the lease (a compare-and-set on the row, with an expiry) makes the second one back off.
 * A SIGKILLed worker's lease simply expires, and the next one resumes the row.
 */
export const OPERATION_LEASE_MS = 30_000;

export async function acquireOperationLease(db: Db, id: string, owner: string, ms: number): Promise<boolean> {
  const now = new Date();
  const res = await db.operation.updateMany({
    where: { id, OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + ms) },
  });
  return res.count === 1;
}

/** Extends the lease; false when another worker took it over (this one must stop). */
export async function renewOperationLease(db: Db, id: string, owner: string, ms: number): Promise<boolean> {
  const res = await db.operation.updateMany({ where: { id, leaseOwner: owner }, data: { leaseUntil: new Date(Date.now() + ms) } });
  return res.count === 1;
}

export async function releaseOperationLease(db: Db, id: string, owner: string): Promise<void> {
  await db.operation.updateMany({ where: { id, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
}

/** Holds a lease while `fn` runs, renewing it a few times per period. */
export async function withOperationLease<T>(db: Db, id: string, owner: string, ms: number, fn: () => Promise<T>): Promise<T | 'busy'> {
  if (!(await acquireOperationLease(db, id, owner, ms))) return 'busy';
  const renew = setInterval(() => void renewOperationLease(db, id, owner, ms).catch(() => undefined), Math.max(500, Math.floor(ms / 3)));
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await releaseOperationLease(db, id, owner).catch(() => undefined);
  }
}
