import { ConflictError, NotFoundError, ValidationError } from '@kiln/core';
import type { Db, Prisma } from '@kiln/db';
import { isPveError } from '@kiln/pve';
import { locateContainer, type ContainerRef } from '../containers/locate';
import { containerName } from '../containers/record';
import type { Actor } from '../nodes/service';
import { emit } from '../operations/events';
import { enqueueOperation } from '../operations/jobs';
import { BULK_MAX_TARGETS, operationTargetSchema, type OperationTarget } from '../operations/params';
import { requestBulk, type OperationRequestDeps } from '../operations/request';
import { ADOPT_OPERATIONS } from '../operations/table';
import { adoptParamsSchema, adoptTemplateSchema, type AdoptParams } from '../schemas/adoption';
import { visibleTo } from '../scopes';
import { findVisibleTemplate } from '../templates/queries';
import { compareSemver } from '../templates/semver';
import { foreignOwner } from './ownership';

/** The template version to link, checked against what the user may see (null: no template). */
async function checkedTemplate(db: Db, userId: string, templateId: string | null | undefined): Promise<string | null> {
  const id = adoptTemplateSchema.parse(templateId ?? null);
  if (id === null) return null;
  await findVisibleTemplate(db, userId, id);
  return id;
}

/**
 * Asks the worker to adopt a container Kiln did not create. Refused here, before anything is
 * queued: not an operator on its node, a VM or a template, a container Kiln already manages
 * (its row, or another Kiln's ownership tag), a template the user cannot see. The config's digest
 * goes with the request: the worker adopts exactly the config checked here, or refuses.
 */
export async function requestAdopt(deps: OperationRequestDeps, actor: Actor, ref: ContainerRef, input: { templateId?: string | null }): Promise<{ operationId: string }> {
  const target = operationTargetSchema.parse(ref);
  const templateId = await checkedTemplate(deps.db, actor.id, input.templateId);
  const loc = await locateContainer(deps, actor.id, target, { need: ADOPT_OPERATIONS['container.adopt'].need, timeoutMs: 8_000, type: 'any' });
  if (!loc.guest || !loc.pveNode) throw new NotFoundError('Container');
  if (loc.guest.type === 'qemu') throw new ValidationError(`VM ${target.vmid} is a virtual machine: Kiln adopts containers only.`);
  if (loc.guest.template) throw new ValidationError(`CT ${target.vmid} is a template: Kiln adopts containers, not templates.`);
  const live = loc.kiln && loc.kiln.lifecycle !== 'deleted' ? loc.kiln : undefined;
  if (live) throw new ConflictError(`Kiln already manages ${containerName(loc)}: it was ${live.adoptedAt ? 'adopted' : 'created by Kiln'}.`);
  let cfg;
  try {
    cfg = await loc.pve.lxcConfig(loc.pveNode, target.vmid, { timeoutMs: 8_000 });
  } catch (e) {
    if (isPveError(e)) throw new ConflictError(`Kiln could not read the container's configuration: ${e.userMessage}`);
    throw e;
  }
  if (cfg.template) throw new ValidationError(`CT ${target.vmid} is a template: Kiln adopts containers, not templates.`);
  const owner = await foreignOwner(deps.db, cfg.tags ?? [], null);
  if (owner) throw new ConflictError(`Kiln already manages ${containerName(loc)}: it carries the ownership tag ${owner}.`);
  const params: AdoptParams = adoptParamsSchema.parse({ templateId, digest: cfg.digest });
  const op = await deps.db.operation.create({
    data: { kind: 'container.adopt', userId: actor.id, nodeId: target.nodeId, vmid: target.vmid, targetName: containerName(loc), params: params as Prisma.InputJsonObject, requestIp: actor.ip },
  });
  await emit(deps.redis, op.id, { type: 'state', state: 'queued' });
  await enqueueOperation(op.id);
  return { operationId: op.id };
}

/**
 * Adopts the selected containers as one bulk operation: a `container.adopt` child per container,
 * all linked to the same template version (or none). Each child checks its own container in the
 * worker: one that Kiln already manages, a VM or a template ends refused with the reason.
 */
export async function requestBulkAdopt(deps: OperationRequestDeps, actor: Actor, targets: OperationTarget[], input: { templateId?: string | null }): Promise<{ operationId: string }> {
  const refs = targets.map((t) => operationTargetSchema.parse(t));
  if (refs.length === 0) throw new ValidationError('Select at least one container.');
  if (new Set(refs.map((r) => `${r.nodeId}:${r.vmid}`)).size > BULK_MAX_TARGETS) throw new ValidationError(`At most ${BULK_MAX_TARGETS} containers at once.`);
  const templateId = await checkedTemplate(deps.db, actor.id, input.templateId);
  const childParams: AdoptParams = { templateId };
  const id = await requestBulk(deps, actor, 'bulk.adopt', refs, { childParams: childParams as Prisma.InputJsonObject });
  await enqueueOperation(id);
  return { operationId: id };
}

export interface AdoptTemplateChoice {
  id: string;
  name: string;
  slug: string;
  version: string;
  /** Where it comes from: "built-in", "yours", or the catalogue source's name. */
  origin: string;
}

/** Every template version the user may link an adopted container to (the Adopt dialog's choices). */
export async function adoptTemplateChoices(db: Db, userId: string): Promise<AdoptTemplateChoice[]> {
  const rows = await db.template.findMany({
    where: visibleTo(userId).templates,
    select: { id: true, name: true, slug: true, version: true, builtin: true, source: { select: { name: true } } },
  });
  return rows
    .map((r) => ({ id: r.id, name: r.name, slug: r.slug, version: r.version, origin: r.builtin ? 'built-in' : (r.source?.name ?? 'yours') }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug) || a.origin.localeCompare(b.origin) || compareSemver(b.version, a.version));
}

/** The user's adoption of this container still queued or running (a reloaded page follows it). */
export async function activeAdoptionFor(db: Db, userId: string, ref: ContainerRef): Promise<string | null> {
  const row = await db.operation.findFirst({
    where: { userId, nodeId: ref.nodeId, vmid: ref.vmid, kind: 'container.adopt', state: { in: ['queued', 'running'] } },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  return row?.id ?? null;
}
