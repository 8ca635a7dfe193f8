import type { Db } from '@kiln/db';
import { isTerminal } from '../operations/events';

const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';

/**
 * Takes the container's update lock for `operationId` (one row per cluster and VMID): returns
 * null when it holds it (again, after a crash: the same operation resumes), or the id of the
 * operation that holds it. A holder that has ended (or vanished) without letting go is replaced.
 */
export async function takeUpdateLock(db: Db, clusterKey: string, vmid: number, operationId: string): Promise<string | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await db.containerUpdateLock.create({ data: { clusterKey, vmid, operationId } });
      return null;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    const held = await db.containerUpdateLock.findUnique({ where: { clusterKey_vmid: { clusterKey, vmid } } });
    if (!held) continue; // let go in the meantime
    if (held.operationId === operationId) return null;
    const holder = await db.operation.findUnique({ where: { id: held.operationId }, select: { state: true } });
    if (holder && !isTerminal(holder.state)) return held.operationId;
    // Stale: take it over only if nobody else did first.
    const took = await db.containerUpdateLock.updateMany({ where: { clusterKey, vmid, operationId: held.operationId }, data: { operationId, createdAt: new Date() } });
    if (took.count === 1) return null;
  }
  throw new Error(`The update lock of ${clusterKey}/${vmid} kept changing hands.`);
}

/** Lets go of every update lock the operation holds. */
export async function releaseUpdateLock(db: Db, operationId: string): Promise<void> {
  await db.containerUpdateLock.deleteMany({ where: { operationId } });
}
