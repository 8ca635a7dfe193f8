import type { Db } from '@kiln/db';

/**
 * One worker at a time per container. BullMQ already hands a job to one worker, but a stalled
 * job can be handed out again while its first worker is still alive; the lease (a row-level
 * compare-and-set with an expiry) makes the second one back off.
 */
export const LEASE_MS = 30_000;

export async function acquireLease(db: Db, containerId: string, owner: string, ms = LEASE_MS): Promise<boolean> {
  const now = new Date();
  const res = await db.container.updateMany({
    where: { id: containerId, OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + ms) },
  });
  return res.count === 1;
}

/** Extends the lease; false when another worker took it over (this one must stop). */
export async function renewLease(db: Db, containerId: string, owner: string, ms = LEASE_MS): Promise<boolean> {
  const res = await db.container.updateMany({ where: { id: containerId, leaseOwner: owner }, data: { leaseUntil: new Date(Date.now() + ms) } });
  return res.count === 1;
}

export async function releaseLease(db: Db, containerId: string, owner: string): Promise<void> {
  await db.container.updateMany({ where: { id: containerId, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
}
