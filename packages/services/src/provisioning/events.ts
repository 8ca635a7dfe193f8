import type { Db, EventLevel, Prisma } from '@kiln/db';

/** A container's event log (PostgreSQL, kept forever) — what happened, in order. */
export async function addEvent(db: Db, containerId: string, level: EventLevel, type: string, message: string, data?: Prisma.InputJsonValue): Promise<void> {
  await db.containerEvent.create({ data: { containerId, level, type, message, data } });
}
