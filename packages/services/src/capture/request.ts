import { NotFoundError, ValidationError } from '@kiln/core';
import { templateSchema, type Template } from '@kiln/core/templates';
import type { Db } from '@kiln/db';
import { z } from 'zod';
import { locateContainer, type ContainerRef } from '../containers/locate';
import { containerName } from '../containers/record';
import type { Actor } from '../nodes/service';
import { emit } from '../operations/events';
import { enqueueOperation } from '../operations/jobs';
import { operationTargetSchema } from '../operations/params';
import type { OperationRequestDeps } from '../operations/request';
import { CAPTURE_OPERATIONS } from '../operations/table';

/**
 * Asks the worker to capture a container as a template draft. Refused here: not an operator on its
 * node, a VM, a template. Whether it runs is the worker's to check (it reads inside the container).
 */
export async function requestCapture(deps: OperationRequestDeps, actor: Actor, ref: ContainerRef): Promise<{ operationId: string }> {
  const target = operationTargetSchema.parse(ref);
  const loc = await locateContainer(deps, actor.id, target, { need: CAPTURE_OPERATIONS['container.capture'].need, timeoutMs: 8_000, type: 'any' });
  if (!loc.guest || !loc.pveNode) throw new NotFoundError('Container');
  if (loc.guest.type === 'qemu') throw new ValidationError(`VM ${target.vmid} is a virtual machine: Kiln captures containers only.`);
  if (loc.guest.template) throw new ValidationError(`CT ${target.vmid} is a template already.`);
  const live = loc.kiln && loc.kiln.lifecycle !== 'deleted' ? loc.kiln : undefined;
  const op = await deps.db.operation.create({
    data: { kind: 'container.capture', userId: actor.id, nodeId: target.nodeId, vmid: target.vmid, targetName: containerName(loc), containerId: live?.id ?? null, params: {}, requestIp: actor.ip },
  });
  await emit(deps.redis, op.id, { type: 'state', state: 'queued' });
  await enqueueOperation(op.id);
  return { operationId: op.id };
}

const draftResultSchema = z.object({ template: z.unknown(), packages: z.array(z.string()), services: z.array(z.string()), notes: z.array(z.string()) });

export interface CaptureDraftView {
  operationId: string;
  targetName: string | null;
  template: Template;
  packages: string[];
  services: string[];
  notes: string[];
}

/**
 * The draft a finished capture left, for the template editor: the requester's own capture only
 * (anyone else's reads as not found), validated again with the template schema.
 */
export async function captureDraftFor(db: Db, userId: string, operationId: string): Promise<CaptureDraftView | null> {
  if (!z.uuid().safeParse(operationId).success) return null;
  const op = await db.operation.findFirst({ where: { id: operationId, userId, kind: 'container.capture', state: 'succeeded' }, select: { id: true, targetName: true, result: true } });
  const r = draftResultSchema.safeParse(op?.result);
  if (!op || !r.success) return null;
  const t = templateSchema.safeParse(r.data.template);
  if (!t.success) return null;
  return { operationId: op.id, targetName: op.targetName, template: t.data, packages: r.data.packages, services: r.data.services, notes: r.data.notes };
}

/** The user's capture of this container still queued or running (a reloaded page follows it). */
export async function activeCaptureFor(db: Db, userId: string, ref: ContainerRef): Promise<string | null> {
  const row = await db.operation.findFirst({
    where: { userId, nodeId: ref.nodeId, vmid: ref.vmid, kind: 'container.capture', state: { in: ['queued', 'running'] } },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  return row?.id ?? null;
}
