import { ConflictError, ForbiddenError, NotFoundError, isAppError } from '@kiln/core';
import { recordAudit, type Db } from '@kiln/db';
import type { PveError } from '@kiln/pve';
import type { Redis } from '@kiln/redis';
import { allows, nodeAccess } from '../nodes/access';
import { pveClientForNode } from '../nodes/pve-client';
import type { VmidService } from '../vmid/service';
import { clusterKeyOf } from '../inventory/clusters';
import { vmidReserveKey } from '../keys';
import { addEvent } from './events';
import { enqueueProvisioning, hasLiveJob } from './jobs';
import { createCreationOperation } from './operation';
import type { Actor } from './creation';

/** What the user can do with a creation that failed: Retry, Delete (destroy + free the VMID), Keep. */
export class CreationActions {
  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly vmids: VmidService,
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

  /** Destroys the container on Proxmox (if it was created), frees the VMID, keeps Kiln's history. */
  async destroyFailed(actor: Actor, containerId: string): Promise<void> {
    const row = await this.owned(actor, containerId);
    if (row.lifecycle === 'creating' && (await hasLiveJob(containerId, row.attempt))) {
      throw new ConflictError('This container is still being created. Wait for it to finish or fail, then delete it.');
    }
    if (row.lifecycle === 'deleted') return;
    const pve = pveClientForNode(row.node);
    try {
      const status = await pve.lxcStatus(row.pveNode, row.vmid);
      const cfg = await pve.lxcConfig(row.pveNode, row.vmid);
      if (!(cfg.tags ?? []).includes(`kiln-${row.id}`)) {
        throw new ConflictError(`CT ${row.vmid} on ${row.pveNode} was not created by this Kiln creation; Kiln will not delete it.`);
      }
      if (status.status === 'running') await pve.waitForTask(await pve.lxcStop(row.pveNode, row.vmid), { timeout: 120_000 });
      await pve.waitForTask(await pve.lxcDelete(row.pveNode, row.vmid, { purge: true, destroyUnreferencedDisks: true }), { timeout: 300_000 });
    } catch (e) {
      const notThere = isAppError(e) && e.code === 'PVE' && (e as PveError).kind === 'not-found';
      if (!notThere) throw e;
    }
    await this.db.container.update({ where: { id: containerId }, data: { lifecycle: 'deleted', deletedAt: new Date() } });
    await this.redis.del(vmidReserveKey(clusterKeyOf(row.node), row.vmid));
    await this.vmids.invalidate(actor.id, row.nodeId);
    await addEvent(this.db, containerId, 'info', 'deleted', `Deleted by ${actor.username}; VMID ${row.vmid} is free again.`);
    await recordAudit(this.db, {
      userId: actor.id,
      actor: actor.username,
      action: 'container.delete',
      outcome: 'success',
      targetType: 'container',
      targetId: containerId,
      targetName: row.hostname,
      ip: actor.ip,
      detail: { vmid: row.vmid },
    });
  }
}
