import type { Db, EventLevel, Prisma } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { OUTPUT_TTL_SECONDS, outputStreamKey } from '../keys';

/** A container's event log (PostgreSQL, kept forever) — what happened, in order. */
export async function addEvent(db: Db, containerId: string, level: EventLevel, type: string, message: string, data?: Prisma.InputJsonValue): Promise<void> {
  await db.containerEvent.create({ data: { containerId, level, type, message, data } });
}

/**
 * Live output of the running step, for the progress page: a capped Redis stream per container
 * (last 2000 chunks, kept a day). The full tail of each step also lands in PostgreSQL.
 */
export { outputStreamKey };
const OUTPUT_MAXLEN = 2000;

export async function appendOutput(redis: Redis, containerId: string, step: string, text: string): Promise<void> {
  if (!text) return;
  const key = outputStreamKey(containerId);
  await redis.multi().xadd(key, 'MAXLEN', '~', String(OUTPUT_MAXLEN), '*', 'step', step, 'text', text).expire(key, OUTPUT_TTL_SECONDS).exec();
}

export interface OutputChunk {
  id: string;
  step: string;
  text: string;
}

/** Chunks after `afterId` ('0' for all), oldest first. */
export async function readOutput(redis: Redis, containerId: string, afterId = '0', count = 500): Promise<OutputChunk[]> {
  const start = afterId === '0' ? '-' : `(${afterId}`;
  const entries = await redis.xrange(outputStreamKey(containerId), start, '+', 'COUNT', count);
  return entries.map(([id, fields]) => {
    const f: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
    return { id, step: f.step ?? '', text: f.text ?? '' };
  });
}
