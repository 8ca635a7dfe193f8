import { ConflictError, NotFoundError, ValidationError, isAppError } from '@kiln/core';
import type { Db, Prisma } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { locateContainer } from '../containers/locate';
import { containerName } from '../containers/record';
import { nodeForRole } from '../nodes/access';
import type { Actor } from '../nodes/service';
import { CreationActions } from '../provisioning/manage';
import { CREATE_KIND } from '../provisioning/operation';
import { emit, emitChild, isTerminal } from './events';
import { enqueueOperation } from './jobs';
import { BULK_MAX_TARGETS, OPERATION_PARAMS, operationTargetSchema, type OperationTarget } from './params';
import { BULK_OPERATIONS, CONTAINER_OPERATIONS, type BulkOpKind, type ContainerOpDef, type ContainerOpKind, type OperationKind } from './table';
import type { z } from 'zod';

export interface OperationRequestDeps {
  db: Db;
  redis: Redis;
}

type TargetOf<K extends OperationKind> = K extends BulkOpKind ? OperationTarget[] : OperationTarget;
type ParamsInput<K extends OperationKind> = z.input<(typeof OPERATION_PARAMS)[K]>;

const isBulk = (kind: OperationKind): kind is BulkOpKind => Object.hasOwn(BULK_OPERATIONS, kind);

/**
 * Asks for an operation: validates it, checks the actor's role on the target's node, writes the
 * row (queued) and hands it to the worker. Returns at once; the browser follows the operation
 * through its channel (GET /api/operations/<id>). Refusals that need no Proxmox VE task (no such
 * container, still being created, no access) are thrown here, before anything is queued.
 */
export async function requestOperation<K extends OperationKind>(deps: OperationRequestDeps, actor: Actor, kind: K, target: TargetOf<K>, params?: ParamsInput<K>): Promise<{ operationId: string }> {
  const parsed = OPERATION_PARAMS[kind].safeParse(params ?? {});
  if (!parsed.success) throw new ValidationError('The operation’s options are not valid.');
  if (kind === 'bulk.update') throw new Error('Bulk updates are requested through requestBulkUpdate.');
  if (kind === 'container.adopt') throw new Error('Adoption is requested through requestAdopt.');
  if (kind === 'container.capture') throw new Error('A capture is requested through requestCapture.');
  const id = isBulk(kind)
    ? await requestBulk(deps, actor, kind, target as OperationTarget[])
    : await requestContainerOp(deps, actor, kind as ContainerOpKind, target as OperationTarget, parsed.data as Prisma.InputJsonObject);
  await enqueueOperation(id);
  return { operationId: id };
}

async function requestContainerOp(deps: OperationRequestDeps, actor: Actor, kind: ContainerOpKind, target: OperationTarget, params: Prisma.InputJsonObject): Promise<string> {
  const ref = operationTargetSchema.parse(target);
  const def: ContainerOpDef = CONTAINER_OPERATIONS[kind];
  // The poller's cache answers most of the time; a container it does not list yet costs one live question.
  const loc = await locateContainer(deps, actor.id, ref, { need: def.need, timeoutMs: 8_000, type: def.guest ?? 'lxc' });
  const live = loc.kiln && loc.kiln.lifecycle !== 'deleted' ? loc.kiln : undefined;
  if (kind === 'container.delete' && live?.lifecycle === 'creating') {
    throw new ConflictError('Kiln is still creating this container. Wait for it to finish or fail, then delete it from its page.');
  }
  // A Kiln row whose container is gone can still be deleted (Kiln marks it deleted, keeps its history).
  if (!loc.guest && !(kind === 'container.delete' && live)) throw new NotFoundError(def.guest === 'qemu' ? 'VM' : 'Container');
  const op = await deps.db.operation.create({
    data: { kind, userId: actor.id, nodeId: ref.nodeId, vmid: ref.vmid, targetName: containerName(loc), containerId: live?.id, params, requestIp: actor.ip },
  });
  await emit(deps.redis, op.id, { type: 'state', state: 'queued' });
  return op.id;
}

/** What a bulk parent and its children carry besides their targets (a bulk update's options). */
export interface BulkExtras {
  parentParams?: Prisma.InputJsonObject;
  childParams?: Prisma.InputJsonObject;
  /** The parent's name in lists ("3 containers" by default). */
  targetName?: string;
}

/**
 * One parent and a child per container. A target on a node the actor cannot act on becomes a
 * child that failed at once with the reason (nothing about that node is stored or shown).
 * Writes the rows only: the caller enqueues the parent.
 */
export async function requestBulk(deps: OperationRequestDeps, actor: Actor, kind: BulkOpKind, targets: OperationTarget[], extras: BulkExtras = {}): Promise<string> {
  const def = BULK_OPERATIONS[kind];
  const seen = new Set<string>();
  const unique = targets.map((t) => operationTargetSchema.parse(t)).filter((t) => !seen.has(`${t.nodeId}:${t.vmid}`) && seen.add(`${t.nodeId}:${t.vmid}`));
  if (unique.length === 0) throw new ValidationError('Select at least one container.');
  if (unique.length > BULK_MAX_TARGETS) throw new ValidationError(`At most ${BULK_MAX_TARGETS} containers at once.`);
  const refusal = new Map<string, string | null>();
  for (const nodeId of new Set(unique.map((t) => t.nodeId))) {
    try {
      await nodeForRole(deps.db, actor.id, nodeId, def.need);
      refusal.set(nodeId, null);
    } catch (e) {
      if (!isAppError(e)) throw e;
      refusal.set(nodeId, e.message);
    }
  }
  const now = new Date();
  const parentId = await deps.db.$transaction(async (tx) => {
    const parent = await tx.operation.create({
      data: { kind, userId: actor.id, targetName: extras.targetName ?? `${unique.length} container${unique.length === 1 ? '' : 's'}`, params: extras.parentParams ?? {}, requestIp: actor.ip },
    });
    await tx.operation.createMany({
      data: unique.map((t) => {
        const why = refusal.get(t.nodeId);
        return why
          ? { kind: def.child, userId: actor.id, parentId: parent.id, vmid: t.vmid, targetName: `CT ${t.vmid}`, state: 'failed' as const, message: why, finishedAt: now, requestIp: actor.ip }
          : { kind: def.child, userId: actor.id, parentId: parent.id, nodeId: t.nodeId, vmid: t.vmid, targetName: `CT ${t.vmid}`, params: extras.childParams, requestIp: actor.ip };
      }),
    });
    return parent.id;
  });
  await emit(deps.redis, parentId, { type: 'state', state: 'queued' });
  return parentId;
}

/**
 * Cancels what has not started: a queued operation, or the queued children of a bulk operation.
 * Running ones finish (a PVE task cannot be taken back halfway). Only the requester may cancel.
 */
export async function cancelOperation(deps: OperationRequestDeps, actor: Actor, operationId: string): Promise<{ cancelled: number; state: string }> {
  const op = await deps.db.operation.findFirst({ where: { id: operationId, userId: actor.id } });
  if (!op) throw new NotFoundError('Operation');
  if (isTerminal(op.state)) return { cancelled: 0, state: op.state };
  if (op.kind === CREATE_KIND && op.containerId) {
    // A creation stops at its next safe point (the engine settles it), with its Delete/Keep/Retry choices.
    await new CreationActions(deps.db, deps.redis).cancel(actor, op.containerId);
    return { cancelled: 0, state: (await deps.db.operation.findUniqueOrThrow({ where: { id: op.id }, select: { state: true } })).state };
  }
  await deps.db.operation.update({ where: { id: op.id }, data: { cancelRequested: true } });
  const now = new Date();
  const queued = await deps.db.operation.findMany({ where: { parentId: op.id, state: 'queued' }, select: { id: true, parentId: true, vmid: true, targetName: true } });
  let cancelled = 0;
  for (const child of queued) {
    const message = `Cancelled by ${actor.username} before it started.`;
    const res = await deps.db.operation.updateMany({ where: { id: child.id, state: 'queued' }, data: { state: 'cancelled', message, finishedAt: now, cancelRequested: true } });
    if (res.count === 0) continue; // a worker started it in the meantime: it finishes
    cancelled++;
    await emit(deps.redis, child.id, { type: 'state', state: 'cancelled', message });
    await emit(deps.redis, op.id, { type: 'child', childId: child.id, vmid: child.vmid ?? undefined, name: child.targetName ?? undefined, state: 'cancelled', message });
  }
  // Not started yet at all: it ends here (the worker will find it cancelled and do nothing).
  const message = `Cancelled by ${actor.username} before it started.`;
  const self = await deps.db.operation.updateMany({ where: { id: op.id, state: 'queued' }, data: { state: 'cancelled', message, finishedAt: now } });
  if (self.count === 1) {
    cancelled++;
    await emit(deps.redis, op.id, { type: 'state', state: 'cancelled', message });
    await emitChild(deps.redis, op, 'cancelled', message);
  }
  const after = await deps.db.operation.findUniqueOrThrow({ where: { id: op.id }, select: { state: true } });
  return { cancelled, state: after.state };
}
