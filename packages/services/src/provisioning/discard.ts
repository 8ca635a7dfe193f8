import { ConflictError, isAppError } from '@kiln/core';
import { recordAudit, type Operation } from '@kiln/db';
import { isPveError, type PveClient } from '@kiln/pve';
import { clusterKeyOf } from '../inventory/clusters';
import { pollLockKey, vmidReserveKey } from '../keys';
import { allows, nodeAccess } from '../nodes/access';
import { pveClientForNode } from '../nodes/pve-client';
import { actorOf, pveRefusal, type OperationDeps } from '../operations/container-runner';
import { claimQueued, emit, finishOperation } from '../operations/events';
import { addEvent } from './events';
import { hasLiveJob } from './jobs';
import { ownershipTag } from './spec';
import { releaseContainerAddresses } from '../ippools/allocate';

/** The operation kind of Delete on a failed creation (operations/table.ts). */
export const DISCARD_KIND = 'creation.discard';

const STOP_TIMEOUT_MS = 120_000;
const DESTROY_TIMEOUT_MS = 300_000;

/**
 * The worker's side of Delete on a failed creation. The CT on the creation's VMID is destroyed only
 * if it carries the creation's ownership tag: a guest someone else put on that VMID since is never
 * touched. A CT that is already gone is fine. Then the VMID reservation is freed and the row is
 * marked deleted; its steps and event log stay (Kiln keeps the history of what it created).
 *
 * Resumable: a worker that died mid-way left the UPIDs on the row; the next one waits for the last
 * of them, then checks the CT again (tag and all) before doing anything more.
 */
export async function runDiscardOperation(deps: OperationDeps, op: Operation, opts: { lastAttempt: boolean }): Promise<void> {
  const { db, redis } = deps;
  if (op.state === 'queued') {
    if (!(await claimQueued(deps, op))) return; // cancelled before it started
  } else {
    op = await db.operation.update({ where: { id: op.id }, data: { attempts: { increment: 1 } } });
    await emit(redis, op.id, { type: 'state', state: 'running', message: 'Resumed by another worker.' });
  }
  const row = op.containerId ? await db.container.findUnique({ where: { id: op.containerId }, include: { node: true } }) : null;
  if (!row) {
    await finishOperation(deps, op, 'failed', 'Container was not found.');
    return;
  }
  const actor = await actorOf(db, op);
  // The role may have changed since the request: the node's owner, or the operator who started it.
  const access = await nodeAccess(db, op.userId, row.nodeId);
  if (!(access === 'owner' || (allows(access, 'operator') && row.userId === op.userId))) {
    await finishOperation(deps, op, 'failed', 'Only the node’s owner or the operator who started this creation can delete it.');
    return;
  }
  if (row.lifecycle === 'deleted') {
    await finishOperation(deps, op, 'succeeded', `${row.hostname} was deleted already.`);
    return;
  }
  if (row.lifecycle === 'creating' && (await hasLiveJob(row.id, row.attempt))) {
    await finishOperation(deps, op, 'failed', 'This container is still being created. Wait for it to finish or fail, then delete it.');
    return;
  }

  const pve = pveClientForNode(row.node);
  const follow = async (upid: string, label: string, timeout: number) => {
    if (!op.upids.includes(upid)) {
      // Recorded before waiting: a worker that dies from here on waits for it, never repeats it blind.
      await db.operation.update({ where: { id: op.id }, data: { upids: { push: upid } } });
      op.upids.push(upid);
      await emit(redis, op.id, { type: 'task', upid, label });
    }
    let streaming = Promise.resolve();
    await pve
      .waitForTask(upid, { timeout, pollInterval: 500, signal: deps.signal, onLog: (text) => (streaming = streaming.then(() => emit(redis, op.id, { type: 'log', text }))) })
      .finally(() => streaming);
  };
  let gone: boolean;
  try {
    const previous = op.upids.at(-1);
    if (previous) await follow(previous, 'Delete', DESTROY_TIMEOUT_MS).catch(() => undefined);
    gone = await destroyIfOurs(pve, row, follow);
  } catch (e) {
    if (deps.signal?.aborted) throw e;
    if (isPveError(e) || isAppError(e)) {
      const message = isPveError(e) ? pveRefusal(e) : e.message;
      await addEvent(db, row.id, 'error', 'delete-failed', `Delete by ${actor.username} failed: ${message}`);
      await finishOperation(deps, op, 'failed', message, { upid: op.upids.at(-1) ?? null });
      return;
    }
    if (!opts.lastAttempt) throw e;
    deps.log.error(`operation ${op.id} (${DISCARD_KIND}) failed`, { error: e });
    await finishOperation(deps, op, 'failed', 'Kiln could not finish this operation (an internal error; see the worker log).');
    return;
  } finally {
    await redis.del(pollLockKey(clusterKeyOf(row.node))).catch(() => undefined);
  }

  await db.container.update({ where: { id: row.id }, data: { lifecycle: 'deleted', deletedAt: new Date() } });
  await releaseContainerAddresses(db, row.id);
  await redis.del(vmidReserveKey(clusterKeyOf(row.node), row.vmid));
  await deps.vmids.invalidate(op.userId, row.nodeId);
  await addEvent(db, row.id, 'info', 'deleted', `Deleted by ${actor.username}; VMID ${row.vmid} is free again.`);
  await recordAudit(db, {
    userId: actor.id,
    actor: actor.username,
    action: 'container.delete',
    outcome: 'success',
    targetType: 'container',
    targetId: row.id,
    targetName: row.hostname,
    ip: actor.ip,
    detail: { vmid: row.vmid, operationId: op.id, ...(gone ? { missing: true } : {}) },
  });
  await finishOperation(deps, op, 'succeeded', gone ? `${row.hostname} was not on Proxmox VE; VMID ${row.vmid} is free again.` : `Deleted ${row.hostname}; VMID ${row.vmid} is free again.`);
}

/** Stops and destroys the CT if it carries the creation's tag. Returns true when there was no CT. */
async function destroyIfOurs(pve: PveClient, row: { id: string; vmid: number; pveNode: string }, follow: (upid: string, label: string, timeout: number) => Promise<void>): Promise<boolean> {
  try {
    const cfg = await pve.lxcConfig(row.pveNode, row.vmid);
    if (!(cfg.tags ?? []).includes(ownershipTag(row.id))) throw new ConflictError(`CT ${row.vmid} on ${row.pveNode} was not created by this Kiln creation; Kiln will not delete it.`);
    const status = await pve.lxcStatus(row.pveNode, row.vmid);
    if (status.status === 'running') await follow(await pve.lxcStop(row.pveNode, row.vmid), 'Stop', STOP_TIMEOUT_MS);
    await follow(await pve.lxcDelete(row.pveNode, row.vmid, { purge: true, destroyUnreferencedDisks: true }), 'Delete', DESTROY_TIMEOUT_MS);
    return false;
  } catch (e) {
    if (isPveError(e, 'not-found')) return true;
    throw e;
  }
}
