import { ConflictError, ForbiddenError, NotFoundError } from '@kiln/core';
import { recordAudit, type Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { allows, nodeAccess } from '../nodes/access';
import { emit } from '../operations/events';
import { enqueueOperation } from '../operations/jobs';
import { DISCARD_KIND } from './discard';
import { addEvent } from './events';
import { enqueueProvisioning, hasLiveJob } from './jobs';
import { createCreationOperation, currentCreationOperation } from './operation';
import type { Actor } from './creation';

/** What the user can do with a creation that failed: Retry, Delete (an operation: destroy + free the VMID), Keep. */
export class CreationActions {
  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
  ) {}

  /**
   * A creation the actor may manage: their own while they still operate the node, or any on a
   * node they own. Without any role on the node it looks missing.
   */
  private async owned(actor: Actor, containerId: string) {
    const row = await this.db.container.findFirst({ where: { id: containerId }, include: { node: true } });
    const access = row ? await nodeAccess(this.db, actor.id, row.nodeId) : null;
    if (!row || !access) throw new NotFoundError('Container');
    if (!(access === 'owner' || (allows(access, 'operator') && row.userId === actor.id))) throw new ForbiddenError('Only the node’s owner or the operator who started this creation can do that.');
    return row;
  }

  /** Resumes at the failed step (steps that finished are not run again). */
  async retry(actor: Actor, containerId: string): Promise<{ operationId: string }> {
    const row = await this.owned(actor, containerId);
    if (row.lifecycle !== 'error') throw new ConflictError(row.lifecycle === 'creating' ? 'This container is being created already.' : 'Only a failed creation can be retried.');
    const attempt = row.attempt + 1;
    // Each Retry is its own operation (by whoever asked), so its progress replays on its own.
    const operationId = await this.db.$transaction(async (tx) => {
      // Only one of two racing Retries flips the row back to creating.
      const flipped = await tx.container.updateMany({ where: { id: containerId, lifecycle: 'error', attempt: row.attempt }, data: { lifecycle: 'creating', attempt } });
      if (flipped.count !== 1) throw new ConflictError('This container is being created already.');
      await tx.containerStep.updateMany({ where: { containerId, state: { in: ['failed', 'running'] } }, data: { state: 'pending', error: null } });
      return createCreationOperation(tx, { ...row, userId: actor.id }, { attempt, requestedBy: actor.username });
    });
    await addEvent(this.db, containerId, 'info', 'retry', `Retry requested by ${actor.username}.`);
    await recordAudit(this.db, {
      userId: actor.id,
      actor: actor.username,
      action: 'container.retry',
      outcome: 'success',
      targetType: 'container',
      targetId: containerId,
      targetName: row.hostname,
      ip: actor.ip,
    });
    await enqueueProvisioning(containerId, attempt);
    return { operationId };
  }

  /**
   * Asks the worker to stop a creation in progress at its next safe point: between two steps, never
   * inside one (a PVE task in flight finishes and is recorded first). The request is a flag on the
   * creation's operation, so a worker that dies meanwhile leaves it to its successor, which settles
   * the row as cancelled before it runs anything else. The row then offers Delete/Keep/Retry as a
   * failed creation does. Asking twice is harmless.
   */
  async cancel(actor: Actor, containerId: string): Promise<{ operationId: string | null }> {
    const row = await this.owned(actor, containerId);
    if (row.lifecycle !== 'creating') throw new ConflictError('Only a creation in progress can be cancelled.');
    const op = await currentCreationOperation(this.db, containerId);
    if (!op) throw new ConflictError('This creation has no operation to cancel.');
    const flagged = await this.db.operation.updateMany({
      where: { id: op.id, state: { in: ['queued', 'running'] }, cancelRequested: false },
      data: { cancelRequested: true, params: { ...op.params, cancelledBy: actor.username } },
    });
    if (flagged.count === 0) return { operationId: op.id }; // asked already, or it just ended
    await addEvent(this.db, containerId, 'warn', 'cancel.requested', `Cancel requested by ${actor.username}: the creation stops after the step that is running.`, { by: actor.username });
    await emit(this.redis, op.id, { type: 'log', text: `Cancel requested by ${actor.username}: stopping after the current step.` });
    await recordAudit(this.db, {
      userId: actor.id,
      actor: actor.username,
      action: 'container.cancel',
      outcome: 'success',
      targetType: 'container',
      targetId: containerId,
      targetName: row.hostname,
      ip: actor.ip,
    });
    // No worker holds it (queued behind others, or its worker died): the engine settles it at pick-up.
    if (!(await hasLiveJob(containerId, row.attempt))) await enqueueProvisioning(containerId, row.attempt);
    return { operationId: op.id };
  }

  /** Keeps the container as it is and stops reporting the failure. */
  async keep(actor: Actor, containerId: string): Promise<void> {
    const row = await this.owned(actor, containerId);
    if (row.lifecycle !== 'error') throw new ConflictError('Only a failed creation can be kept as it is.');
    await this.db.container.update({ where: { id: containerId }, data: { lifecycle: 'ready', readyAt: new Date() } });
    await addEvent(this.db, containerId, 'warn', 'kept', `Kept as it is by ${actor.username} despite the failed step.`);
    await recordAudit(this.db, {
      userId: actor.id,
      actor: actor.username,
      action: 'container.keep',
      outcome: 'success',
      targetType: 'container',
      targetId: containerId,
      targetName: row.hostname,
      ip: actor.ip,
    });
  }

  /**
   * Delete of a failed creation, as an operation the worker runs (runDiscardOperation): the web
   * only checks the row and the actor's role, writes the row (queued) and enqueues it. A second
   * click while one is queued or running follows that one. A row already deleted needs nothing.
   */
  async discard(actor: Actor, containerId: string): Promise<{ operationId: string | null }> {
    const row = await this.owned(actor, containerId);
    if (row.lifecycle === 'deleted') return { operationId: null };
    if (row.lifecycle === 'creating' && (await hasLiveJob(containerId, row.attempt))) {
      throw new ConflictError('This container is still being created. Wait for it to finish or fail, then delete it.');
    }
    const pending = await this.db.operation.findFirst({ where: { containerId, kind: DISCARD_KIND, state: { in: ['queued', 'running'] } }, select: { id: true } });
    if (pending) return { operationId: pending.id };
    const op = await this.db.operation.create({
      data: { kind: DISCARD_KIND, userId: actor.id, nodeId: row.nodeId, vmid: row.vmid, targetName: row.hostname, containerId, params: {}, requestIp: actor.ip },
    });
    await emit(this.redis, op.id, { type: 'state', state: 'queued' });
    await enqueueOperation(op.id);
    return { operationId: op.id };
  }
}
