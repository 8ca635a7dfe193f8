import type { Db, Operation, OperationState, Prisma } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { appendOperationEvent, type OperationEvent } from './channel';

export const TERMINAL_STATES: readonly OperationState[] = ['succeeded', 'failed', 'cancelled'];
export const isTerminal = (state: OperationState) => TERMINAL_STATES.includes(state);

/**
 * Appends to the channel without failing the operation: the row in PostgreSQL is the truth, the
 * stream only the live detail (a Redis hiccup costs a line of the live view, not the outcome).
 */
export async function emit(redis: Redis, operationId: string, event: OperationEvent): Promise<void> {
  await appendOperationEvent(redis, operationId, event).catch(() => undefined);
}

/** Tells the parent's followers that a child changed state. */
export async function emitChild(redis: Redis, child: Pick<Operation, 'id' | 'parentId' | 'vmid' | 'targetName'>, state: OperationState, message?: string): Promise<void> {
  if (!child.parentId) return;
  await emit(redis, child.parentId, { type: 'child', childId: child.id, vmid: child.vmid ?? undefined, name: child.targetName ?? undefined, state, message });
}

/**
 * Ends a running operation (only once: a row that already ended is left alone) and tells its
 * followers. Returns false when it had already ended.
 */
export async function finishOperation(
  deps: { db: Db; redis: Redis },
  op: Pick<Operation, 'id' | 'parentId' | 'vmid' | 'targetName'>,
  state: Extract<OperationState, 'succeeded' | 'failed' | 'cancelled'>,
  message: string,
  result?: Prisma.InputJsonObject,
): Promise<boolean> {
  const res = await deps.db.operation.updateMany({
    where: { id: op.id, state: { in: ['queued', 'running'] } },
    data: { state, message, finishedAt: new Date(), ...(result ? { result } : {}) },
  });
  if (res.count === 0) return false;
  await emit(deps.redis, op.id, { type: 'state', state, message });
  await emitChild(deps.redis, op, state, message);
  return true;
}

/** queued -> running, once. Returns false when the row is no longer queued (cancelled, or taken). */
export async function claimQueued(deps: { db: Db; redis: Redis }, op: Pick<Operation, 'id' | 'parentId' | 'vmid' | 'targetName'>): Promise<boolean> {
  const res = await deps.db.operation.updateMany({ where: { id: op.id, state: 'queued' }, data: { state: 'running', startedAt: new Date(), attempts: { increment: 1 } } });
  if (res.count === 0) return false;
  await emit(deps.redis, op.id, { type: 'state', state: 'running' });
  await emitChild(deps.redis, op, 'running');
  return true;
}

/**
 * A runner's start: a queued row is claimed (undefined when it was cancelled first); a running one
 * was left by a worker that died or shut down, and is resumed (attempts counted, followers told).
 */
export async function claimOrResume(deps: { db: Db; redis: Redis }, op: Operation): Promise<Operation | undefined> {
  if (op.state === 'queued') {
    if (!(await claimQueued(deps, op))) return undefined;
    return deps.db.operation.findUniqueOrThrow({ where: { id: op.id } });
  }
  const resumed = await deps.db.operation.update({ where: { id: op.id }, data: { attempts: { increment: 1 } } });
  await emit(deps.redis, op.id, { type: 'state', state: 'running', message: 'Resumed by another worker.' });
  return resumed;
}
