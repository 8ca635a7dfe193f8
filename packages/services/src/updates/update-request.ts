import { ConflictError, NotFoundError, ValidationError } from '@kiln/core';
import type { Prisma } from '@kiln/db';
import { locateExistingContainer, type ContainerRef } from '../containers/locate';
import { containerName } from '../containers/record';
import { sshReadyFor } from '../containers/settings';
import type { Actor } from '../nodes/service';
import { emit } from '../operations/events';
import { enqueueOperation } from '../operations/jobs';
import type { OperationRequestDeps } from '../operations/request';
import { UPDATE_OPERATIONS } from '../operations/table';
import { updateRequestSchema, type UpdateRequestInput } from '../schemas/updates';
import { templateUpdateInfo } from './plan';

/**
 * Asks the worker to update a container. Refused here, before anything is queued: no operator role,
 * no SSH to its node, an update already under way, or (template) a version that is not a newer one
 * of the container's own template.
 */
export async function requestContainerUpdate(deps: OperationRequestDeps, actor: Actor, ref: ContainerRef, input: UpdateRequestInput): Promise<{ operationId: string }> {
  const parsed = updateRequestSchema.safeParse(input);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'what'), i.message]));
    throw new ValidationError(parsed.error.issues[0]?.message ?? 'The update’s options are not valid.', fields);
  }
  const params = parsed.data;
  const loc = await locateExistingContainer(deps, actor.id, ref, { need: UPDATE_OPERATIONS['container.update'].need, timeoutMs: 8_000 });
  const live = loc.kiln && loc.kiln.lifecycle !== 'deleted' ? loc.kiln : undefined;
  if (live?.lifecycle === 'creating') throw new ConflictError('Kiln is still creating this container.');
  if (params.what === 'template') {
    if (!live) throw new ValidationError('Kiln did not create this container from a template: only OS updates apply.', { what: 'Not made from a Kiln template.' });
    const info = await templateUpdateInfo(deps.db, actor.id, live);
    if (!info?.newer.some((v) => v.id === params.toTemplateId))
      throw new ValidationError('That is not a newer version of this container’s template.', { toTemplateId: 'Not a newer version of this template.' });
  }
  if (!(await sshReadyFor(deps.db, loc))) throw new ValidationError(`An update runs commands in the container over SSH, and SSH to ${loc.pveNode} is not set up. Set it up in Settings → Nodes.`);
  const busy = await deps.db.operation.findFirst({
    where: { kind: 'container.update', nodeId: { in: loc.clusterNodeIds }, vmid: ref.vmid, state: { in: ['queued', 'running'] } },
    select: { id: true },
  });
  if (busy) throw new ConflictError('An update of this container is already under way.');
  const op = await deps.db.operation.create({
    data: {
      kind: 'container.update',
      userId: actor.id,
      nodeId: ref.nodeId,
      vmid: ref.vmid,
      targetName: containerName(loc),
      containerId: live?.id,
      params: params as unknown as Prisma.InputJsonObject,
      requestIp: actor.ip,
    },
  });
  await emit(deps.redis, op.id, { type: 'state', state: 'queued' });
  await enqueueOperation(op.id);
  return { operationId: op.id };
}

/** What the container page shows: the template version and the newer ones (with their changelogs). */
export async function containerUpdateInfo(deps: OperationRequestDeps, userId: string, containerId: string) {
  const row = await deps.db.container.findFirst({ where: { id: containerId, userId }, select: { templateId: true, templateSlug: true, templateVersion: true } });
  if (!row) throw new NotFoundError('Container');
  return (await templateUpdateInfo(deps.db, userId, row)) ?? null;
}
