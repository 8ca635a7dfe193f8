import { isAppError } from '@kiln/core';
import type { Operation } from '@kiln/db';
import { isPveError } from '@kiln/pve';
import { locateContainers, type LocatedContainer } from '../containers/locate';
import { runContainerOperation, type OperationDeps } from './container-runner';
import { runAdoptOperation } from '../adoption/runner';
import { claimQueued, emit, finishOperation } from './events';
import { withOperationLease } from './lease';
import { BULK_OPERATIONS, type BulkOpKind } from './table';

/** Tasks Kiln runs at once on one PVE node for one bulk operation: PVE serialises per-node work anyway. */
export const PER_NODE_CONCURRENCY = 4;

/**
 * A bulk operation: its children (one per container) run with at most PER_NODE_CONCURRENCY at a
 * time per PVE node; the parent ends when every child has ended, with the counts. A cancel
 * turns the children not yet started into `cancelled` (request.ts); running ones finish.
 */
export async function runBulkOperation(deps: OperationDeps, parent: Operation, opts: { lastAttempt: boolean }): Promise<void> {
  const { db, redis } = deps;
  const def = BULK_OPERATIONS[parent.kind as BulkOpKind];
  if (parent.state === 'queued') {
    if (!(await claimQueued(deps, parent))) return;
  } else {
    await db.operation.update({ where: { id: parent.id }, data: { attempts: { increment: 1 } } });
    await emit(redis, parent.id, { type: 'state', state: 'running', message: 'Resumed by another worker.' });
  }
  const open = await db.operation.findMany({ where: { parentId: parent.id, state: { in: ['queued', 'running'] } }, orderBy: { vmid: 'asc' } });

  // One live question per registered node for all its children; a node the user lost access to fails its children.
  const located = new Map<string, LocatedContainer>();
  for (const nodeId of new Set(open.map((c) => c.nodeId).filter((n): n is string => !!n))) {
    const mine = open.filter((c) => c.nodeId === nodeId);
    try {
      const found = await locateContainers(
        deps,
        parent.userId,
        nodeId,
        mine.map((c) => c.vmid!),
        def.need,
      );
      for (const c of mine) located.set(c.id, found.get(c.vmid!)!);
    } catch (e) {
      if (!isAppError(e) && !isPveError(e)) throw e;
      const message = isPveError(e) ? e.userMessage : e.message;
      for (const c of mine) await finishOperation(deps, c, 'failed', message);
    }
  }

  // Children grouped by the PVE node they live on; each group runs its own few lanes.
  const groups = new Map<string, Operation[]>();
  for (const c of open) {
    const key = located.get(c.id)?.pveNode ?? '?';
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const runChild = async (child: Operation) => {
    const fresh = await db.operation.findUniqueOrThrow({ where: { id: child.id } });
    if (fresh.state !== 'queued' && fresh.state !== 'running') return;
    const r = await withOperationLease(db, child.id, deps.workerId, deps.leaseMs, () =>
      fresh.kind === 'container.adopt' ? runAdoptOperation(deps, fresh, opts, located.get(child.id)) : runContainerOperation(deps, fresh, opts, located.get(child.id)),
    );
    if (r === 'busy') deps.log.warn(`bulk ${parent.id}: child ${child.id} is leased by another worker`);
  };
  await Promise.all(
    [...groups.values()].map(async (queue) => {
      const lanes = Array.from({ length: Math.min(PER_NODE_CONCURRENCY, queue.length) }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) await runChild(c);
      });
      await Promise.all(lanes);
    }),
  );

  const children = await db.operation.groupBy({ by: ['state'], where: { parentId: parent.id }, _count: { _all: true } });
  const count = (s: string) => children.find((g) => g.state === s)?._count._all ?? 0;
  const total = children.reduce((n, g) => n + g._count._all, 0);
  const [ok, failed, cancelled, unfinished] = [count('succeeded'), count('failed'), count('cancelled'), count('queued') + count('running')];
  if (unfinished > 0) {
    // A child held by another worker's lease (a parent handed out twice): end later, not with wrong counts.
    throw new Error(`bulk ${parent.id}: ${unfinished} children have not ended yet`);
  }
  const after = await db.operation.findUniqueOrThrow({ where: { id: parent.id }, select: { cancelRequested: true } });
  const parts = [`${def.past} ${ok} of ${total} container${total === 1 ? '' : 's'}`];
  if (failed) parts.push(`${failed} refused or failed`);
  if (cancelled) parts.push(`${cancelled} cancelled`);
  const state = after.cancelRequested && cancelled > 0 ? 'cancelled' : failed > 0 ? 'failed' : 'succeeded';
  await finishOperation(deps, parent, state, `${parts.join(', ')}.`, { total, succeeded: ok, failed, cancelled });
}
