import { isAppError } from '@kiln/core';
import type { Operation } from '@kiln/db';
import { isPveError } from '@kiln/pve';
import { locateContainers, type LocatedContainer } from '../containers/locate';
import { runContainerOperation, type OperationDeps } from './container-runner';
import { runAdoptOperation } from '../adoption/runner';
import { claimQueued, emit, finishOperation } from './events';
import { withOperationLease } from './lease';
import { OPERATION_PARAMS } from './params';
import { runUpdateOperation } from '../updates/runner';
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
  const update = parent.kind === 'bulk.update' ? OPERATION_PARAMS['bulk.update'].parse(parent.params).options : undefined;
  // Resumed after the batch was told to stop (a worker died in between): finish the stop first.
  const stoppedAt = (parent.result as { stoppedBy?: string } | null)?.stoppedBy;
  if (update && stoppedAt) await cancelQueued(deps, parent, stoppedAt);
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
  const perNode = update?.perNode ?? PER_NODE_CONCURRENCY;
  let stoppedBy: Operation | undefined;
  const runChild = async (child: Operation) => {
    const fresh = await db.operation.findUniqueOrThrow({ where: { id: child.id } });
    if (fresh.state !== 'queued' && fresh.state !== 'running') return;
    const r = await withOperationLease(db, child.id, deps.workerId, deps.leaseMs, () =>
      fresh.kind === 'container.update'
        ? runUpdateOperation(deps, fresh, opts)
        : fresh.kind === 'container.adopt'
          ? runAdoptOperation(deps, fresh, opts, located.get(child.id))
          : runContainerOperation(deps, fresh, opts, located.get(child.id)),
    );
    if (r === 'busy') deps.log.warn(`bulk ${parent.id}: child ${child.id} is leased by another worker`);
    if (update?.stopAtFirstRollback && !stoppedBy && isRollback(await db.operation.findUniqueOrThrow({ where: { id: child.id } }))) {
      stoppedBy = fresh;
      await stopBatch(deps, parent, fresh);
    }
  };
  await Promise.all(
    [...groups.values()].map(async (queue) => {
      const lanes = Array.from({ length: Math.min(perNode, queue.length) }, async () => {
        for (let c = queue.shift(); c && !stoppedBy; c = queue.shift()) await runChild(c);
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
  const after = await db.operation.findUniqueOrThrow({ where: { id: parent.id }, select: { cancelRequested: true, result: true } });
  const parts = [`${def.past} ${ok} of ${total} container${total === 1 ? '' : 's'}`];
  const rolledBack = update ? await db.operation.count({ where: { parentId: parent.id, state: 'failed', result: { path: ['outcome'], equals: 'rolled-back' } } }) : 0;
  if (rolledBack) parts.push(`${rolledBack} rolled back`);
  if (failed - rolledBack) parts.push(`${failed - rolledBack} ${update ? 'not updated' : 'refused or failed'}`);
  if (cancelled) parts.push(`${cancelled} cancelled`);
  // A stop at the first rollback (saved on the parent, so a resumed run says it too).
  const stop = (after.result as { stoppedBy?: string } | null)?.stoppedBy;
  const state = after.cancelRequested && cancelled > 0 ? 'cancelled' : failed > 0 ? 'failed' : 'succeeded';
  const message = `${parts.join(', ')}.${stop ? ` The batch stopped after ${stop} had to be rolled back.` : ''}`;
  await finishOperation(deps, parent, state, message, { total, succeeded: ok, failed, cancelled, ...(update ? { rolledBack } : {}), ...(stop ? { stoppedBy: stop } : {}) });
}

/** An update that failed at or after the change (rolled back, or could not be): what stops a batch. */
function isRollback(child: Operation): boolean {
  const outcome = (child.result as { outcome?: string } | null)?.outcome;
  return child.state === 'failed' && (outcome === 'rolled-back' || outcome === 'not-rolled-back');
}

/** "Stop the batch at the first rollback": the children not started yet end cancelled, with the reason. */
async function stopBatch(deps: OperationDeps, parent: Operation, culprit: Operation): Promise<void> {
  const name = culprit.targetName ?? `CT ${culprit.vmid}`;
  await deps.db.operation.update({ where: { id: parent.id }, data: { result: { stoppedBy: name } } });
  const n = await cancelQueued(deps, parent, name);
  await emit(deps.redis, parent.id, { type: 'log', text: `${name} had to be rolled back: ${n} container${n === 1 ? '' : 's'} not started.` });
}

async function cancelQueued(deps: OperationDeps, parent: Operation, culprit: string): Promise<number> {
  const message = `Not started: the batch stopped after ${culprit} had to be rolled back.`;
  const queued = await deps.db.operation.findMany({ where: { parentId: parent.id, state: 'queued' } });
  let n = 0;
  for (const child of queued) if (await finishOperation(deps, child, 'cancelled', message)) n++;
  return n;
}
