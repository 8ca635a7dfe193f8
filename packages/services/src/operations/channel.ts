import type { Redis } from '@kiln/redis';
import { OPERATION_EVENTS_TTL_SECONDS, operationEventsKey } from '../keys';

/**
 * The one progress channel of every operation (power actions, delete, bulk, creation, and the
 * operations later issues add): a capped Redis stream per operation id. The worker appends, the
 * browser follows with a cursor and can replay it from the start after a reload. PostgreSQL keeps
 * the outcome (the Operation row, audit log, container events); this keeps the live detail.
 */
export type OperationStateName = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export type OperationEvent =
  /** The operation's state changed (message: what the user reads). */
  | { type: 'state'; state: OperationStateName; message?: string }
  /** A PVE task started (its log lines follow as `log`). */
  | { type: 'task'; upid: string; label?: string }
  /** A line of a PVE task log. */
  | { type: 'log'; text: string }
  /** A provisioning step changed state. */
  | { type: 'step'; step: string; state: string; message?: string }
  /** A chunk of command output (already redacted), optionally tagged with its step. */
  | { type: 'output'; text: string; step?: string }
  /** A child of a bulk operation changed state. */
  | { type: 'child'; childId: string; vmid?: number; name?: string; state: OperationStateName; message?: string };

export interface OperationEventEntry {
  /** Stream id: the cursor to pass back as `after`. */
  id: string;
  at: number;
  event: OperationEvent;
}

export { operationEventsKey, OPERATION_EVENTS_TTL_SECONDS };
const MAXLEN = 5000;
const MAX_TEXT = 16 * 1024;

/** Appends one event (text fields capped) and renews the stream's TTL. */
export async function appendOperationEvent(redis: Redis, operationId: string, event: OperationEvent): Promise<string> {
  const e = 'text' in event && event.text.length > MAX_TEXT ? { ...event, text: event.text.slice(0, MAX_TEXT) } : event;
  const key = operationEventsKey(operationId);
  const res = await redis.multi().xadd(key, 'MAXLEN', '~', String(MAXLEN), '*', 'e', JSON.stringify(e)).expire(key, OPERATION_EVENTS_TTL_SECONDS).exec();
  const id = res?.[0]?.[1];
  return typeof id === 'string' ? id : '';
}

/** A cursor as the browser sends it: '0' (from the start) or a stream id. */
export const OPERATION_CURSOR = /^(0|\d{1,20}-\d{1,20})$/;

/** Events after `afterId` ('0' for all), oldest first. */
export async function readOperationEvents(redis: Redis, operationId: string, afterId = '0', count = 500): Promise<OperationEventEntry[]> {
  const start = afterId === '0' ? '-' : `(${afterId}`;
  const entries = await redis.xrange(operationEventsKey(operationId), start, '+', 'COUNT', count);
  const out: OperationEventEntry[] = [];
  for (const [id, fields] of entries) {
    const i = fields.indexOf('e');
    const raw = i >= 0 ? fields[i + 1] : undefined;
    if (!raw) continue;
    try {
      out.push({ id, at: Number(id.split('-')[0]), event: JSON.parse(raw) as OperationEvent });
    } catch {
      // A damaged entry costs one line of the live view, not the view.
    }
  }
  return out;
}
