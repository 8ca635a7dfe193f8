import type { Db, Prisma } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { appendOperationEvent, type OperationEvent } from '../operations/channel';
import { enqueueProvisioning } from './jobs';

/**
 * A creation as an operation. Every creation (and each Retry) is one `container.create` row of the
 * operations table, linked to the container row; its state follows the creation (queued, running,
 * succeeded, failed) and its step events and (redacted) output go to the operation's channel, the
 * one the browser follows. The container row, its steps and its event log stay the durable history.
 */
export const CREATE_KIND = 'container.create';

type Tx = Prisma.TransactionClient | Db;

export interface CreationTarget {
  id: string;
  userId: string;
  nodeId: string;
  vmid: number;
  hostname: string;
}

/** Writes the queued operation of a creation (or of a Retry: `attempt` > 0). Call inside the row's transaction. */
export async function createCreationOperation(tx: Tx, c: CreationTarget, opts: { attempt: number; requestedBy: string }): Promise<string> {
  const op = await tx.operation.create({
    data: {
      kind: CREATE_KIND,
      userId: c.userId,
      nodeId: c.nodeId,
      vmid: c.vmid,
      targetName: c.hostname,
      containerId: c.id,
      params: { attempt: opts.attempt, retry: opts.attempt > 0, requestedBy: opts.requestedBy },
    },
    select: { id: true },
  });
  return op.id;
}

/** The operation a creation job works for: the newest of the row (a Retry starts a new one). */
export async function currentCreationOperation(db: Db, containerId: string): Promise<{ id: string; state: string; cancelRequested: boolean; params: Prisma.JsonObject } | null> {
  const op = await db.operation.findFirst({ where: { containerId, kind: CREATE_KIND }, orderBy: { createdAt: 'desc' }, select: { id: true, state: true, cancelRequested: true, params: true } });
  if (!op) return null;
  const params = op.params && typeof op.params === 'object' && !Array.isArray(op.params) ? op.params : {};
  return { ...op, params };
}

/** Whether someone asked to cancel this creation run, and who (CreationActions.cancel). */
export async function cancelRequest(db: Db, operationId: string | undefined): Promise<{ by: string } | null> {
  if (!operationId) return null;
  const op = await db.operation.findUnique({ where: { id: operationId }, select: { cancelRequested: true, params: true } });
  if (!op?.cancelRequested) return null;
  const by = (op.params as { cancelledBy?: unknown } | null)?.cancelledBy;
  return { by: typeof by === 'string' ? by : 'someone' };
}

/**
 * The channel side of one creation run. Writes to Redis cost the live view only when they fail:
 * PostgreSQL (steps, events) keeps the history, so errors here never fail a step.
 */
export class CreationChannel {
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    readonly operationId: string | undefined,
  ) {}

  emit(event: OperationEvent): Promise<void> {
    const id = this.operationId;
    if (!id) return Promise.resolve();
    // Chained so the stream keeps the order the engine saw.
    const p = this.pending.then(() => appendOperationEvent(this.redis, id, event)).catch(() => undefined);
    this.pending = p;
    return p.then(() => undefined);
  }

  step(step: string, state: string, message?: string): Promise<void> {
    return this.emit({ type: 'step', step, state, ...(message ? { message } : {}) });
  }

  output(step: string, text: string): Promise<void> {
    return text ? this.emit({ type: 'output', step, text }) : Promise.resolve();
  }

  /** Marks the operation running (first pick-up, or again after a hand-back) and says so on the channel. */
  async running(workerId: string): Promise<void> {
    const id = this.operationId;
    if (!id) return;
    const now = new Date();
    const res = await this.db.operation.updateMany({ where: { id, state: { in: ['queued', 'running'] } }, data: { state: 'running', attempts: { increment: 1 }, leaseOwner: workerId } });
    if (res.count === 0) return;
    await this.db.operation.updateMany({ where: { id, startedAt: null }, data: { startedAt: now } });
    await this.emit({ type: 'state', state: 'running' });
  }

  /** Ends the operation with the creation's outcome, once. */
  async finish(state: 'succeeded' | 'failed' | 'cancelled', message: string, result?: Prisma.InputJsonValue): Promise<void> {
    const id = this.operationId;
    if (!id) return;
    const res = await this.db.operation.updateMany({
      where: { id, state: { in: ['queued', 'running'] } },
      data: { state, message, finishedAt: new Date(), leaseOwner: null, leaseUntil: null, ...(result !== undefined ? { result } : {}) },
    });
    if (res.count === 1) await this.emit({ type: 'state', state, message });
  }

  settled(): Promise<unknown> {
    return this.pending;
  }
}

/**
 * `operation.run` for a creation: creations run on the provisioning queue (their own job, lease
 * and backoff), so this only makes sure that job exists. The job id is derived from the row's
 * attempt, so a creation already queued or running is not queued twice.
 */
export async function handOverCreation(db: Db, op: { containerId: string | null }): Promise<void> {
  if (!op.containerId) return;
  const row = await db.container.findUnique({ where: { id: op.containerId }, select: { lifecycle: true, attempt: true } });
  if (row?.lifecycle === 'creating') await enqueueProvisioning(op.containerId, row.attempt);
}
