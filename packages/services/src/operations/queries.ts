import { NotFoundError } from '@kiln/core';
import type { Db, OperationState, Prisma } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { OPERATION_CURSOR, readOperationEvents, type OperationEventEntry } from './channel';
import { operationsVisibleTo, type Viewer } from '../scopes';
import { CONTAINER_OP_KINDS, operationLabel } from './table';

/** An operation as its requester sees it: no lease, no internals. */
export interface OperationSummary {
  id: string;
  kind: string;
  label: string;
  state: OperationState;
  nodeId: string | null;
  nodeName: string | null;
  vmid: number | null;
  targetName: string | null;
  parentId: string | null;
  /** Who asked for it (admins see everyone's operations; the list says whose). */
  requestedBy: string;
  message: string | null;
  upids: string[];
  result: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ChildSummary {
  id: string;
  nodeId: string | null;
  vmid: number | null;
  name: string | null;
  state: OperationState;
  message: string | null;
}

export interface OperationView {
  operation: OperationSummary;
  /** The viewer asked for it (only then may they cancel it; an admin follows others' read-only). */
  mine: boolean;
  /** Bulk operations: each child with its state, and the counts by state. */
  children: ChildSummary[];
  counts: Record<OperationState, number>;
  events: OperationEventEntry[];
  /** Pass back as `after` to get only newer events. */
  cursor: string;
}

const summarySelect = {
  id: true,
  kind: true,
  state: true,
  nodeId: true,
  vmid: true,
  targetName: true,
  parentId: true,
  message: true,
  upids: true,
  result: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  node: { select: { name: true } },
  userId: true,
  user: { select: { username: true } },
} as const;

type Row = Prisma.OperationGetPayload<{ select: typeof summarySelect }>;

function toSummary(r: Row): OperationSummary {
  return {
    id: r.id,
    kind: r.kind,
    label: operationLabel(r.kind),
    state: r.state,
    nodeId: r.nodeId,
    nodeName: r.node?.name ?? null,
    vmid: r.vmid,
    targetName: r.targetName,
    parentId: r.parentId,
    requestedBy: r.user?.username ?? 'deleted user',
    message: r.message,
    upids: r.upids,
    result: r.result,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One operation with its channel events after `after` ('0': from the start, so a reloaded page
 * replays it). Its requester sees it, and an admin (read-only); anyone else gets NotFound, as if
 * it did not exist.
 */
export async function operationView(deps: { db: Db; redis: Redis }, viewer: Viewer, operationId: string, after = '0'): Promise<OperationView> {
  const row = await visibleOperation(deps.db, viewer, operationId);
  const cursor = OPERATION_CURSOR.test(after) ? after : '0';
  const [children, events] = await Promise.all([
    deps.db.operation.findMany({ where: { parentId: row.id }, orderBy: { vmid: 'asc' }, select: { id: true, nodeId: true, vmid: true, targetName: true, state: true, message: true } }),
    readOperationEvents(deps.redis, row.id, cursor),
  ]);
  const counts: Record<OperationState, number> = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const c of children) counts[c.state]++;
  return {
    operation: toSummary(row),
    mine: row.userId === viewer.id,
    children: children.map((c) => ({ id: c.id, nodeId: c.nodeId, vmid: c.vmid, name: c.targetName, state: c.state, message: c.message })),
    counts,
    events,
    cursor: events.at(-1)?.id ?? cursor,
  };
}

/** The row of an operation the viewer may read (operationsVisibleTo), or NotFound. */
async function visibleOperation(db: Db, viewer: Viewer, operationId: string): Promise<Row> {
  if (!UUID.test(operationId)) throw new NotFoundError('Operation');
  const row = await db.operation.findFirst({ where: { id: operationId, ...operationsVisibleTo(viewer) }, select: summarySelect });
  if (!row) throw new NotFoundError('Operation');
  return row;
}

/**
 * The viewer's operations, newest first: top-level ones (a bulk operation is one line) across all
 * clusters, or, for one container, every operation on it (bulk children included). An admin sees
 * everyone's unless `mine` is set.
 */
export async function listOperations(db: Db, viewer: Viewer, filter: { nodeId?: string; vmid?: number; limit?: number; mine?: boolean } = {}): Promise<OperationSummary[]> {
  const scoped = filter.nodeId !== undefined && filter.vmid !== undefined;
  const who = operationsVisibleTo(viewer, { mine: filter.mine });
  const rows = await db.operation.findMany({
    where: scoped ? { ...who, nodeId: filter.nodeId, vmid: filter.vmid } : { ...who, parentId: null },
    orderBy: { createdAt: 'desc' },
    take: Math.min(filter.limit ?? 50, 200),
    select: summarySelect,
  });
  return rows.map((r) => toSummary(r));
}

/**
 * The container's power/delete operation that is still queued or running, if any: the one the
 * action bar follows after a reload. Other kinds on the same container (a service restart, a
 * creation) have their own panels and must not lock the action bar.
 */
export async function activeOperationFor(db: Db, userId: string, ref: { nodeId: string; vmid: number }): Promise<OperationSummary | null> {
  const row = await db.operation.findFirst({
    where: { userId, nodeId: ref.nodeId, vmid: ref.vmid, kind: { in: CONTAINER_OP_KINDS }, state: { in: ['queued', 'running'] } },
    orderBy: { createdAt: 'desc' },
    select: summarySelect,
  });
  return row ? toSummary(row) : null;
}
