import { isAppError } from '@kiln/core';
import { templateSchema } from '@kiln/core/templates';
import type { Container, Operation, Prisma } from '@kiln/db';
import { isPveError } from '@kiln/pve';
import { pollLockKey } from '../keys';
import { locateContainer, type LocatedContainer } from '../containers/locate';
import { containerName, recordContainerChange } from '../containers/record';
import { actorOf, pveRefusal, type OperationDeps } from '../operations/container-runner';
import { claimOrResume, emit, finishOperation } from '../operations/events';
import { OPERATION_PARAMS } from '../operations/params';
import { ADOPT_OPERATIONS } from '../operations/table';
import { ownershipTag } from '../provisioning/spec';
import type { AdoptParams } from '../schemas/adoption';
import { isKilnTag } from '../schemas/container-settings';
import { visibleTo } from '../scopes';
import { addDefaultChecks } from '../checks/service';
import { foreignOwner } from './ownership';
import { specFromConfig } from './spec';

/** A refusal of Kiln's own, shown as is. Nothing is left behind: no row, no tag. */
class AdoptRefusal extends Error {}

const CHANGED = 'Not adopted: the container’s configuration changed since Kiln read it (someone edited it meanwhile). Kiln changed nothing: adopt it again to take the current configuration.';

/**
 * Worker side of `container.adopt`. The row's id is the operation's id, so every step can be
 * repeated by a worker that takes over: the row is written first (found again, never a second
 * one), then the tags are set with the config's digest, then the operation ends. A container
 * carrying the tag is adopted; a row whose tagging failed is removed again, so neither an untagged
 * row nor (since the row exists before the tag) an orphan tag is left.
 */
export async function runAdoptOperation(deps: OperationDeps, op: Operation, opts: { lastAttempt: boolean }, located?: LocatedContainer): Promise<void> {
  const claimed = await claimOrResume(deps, op);
  if (!claimed) return; // cancelled before it started
  op = claimed;
  const { nodeId, vmid } = op;
  const parsed = OPERATION_PARAMS['container.adopt'].safeParse(op.params);
  if (!nodeId || !vmid || !parsed.success) return void (await finishOperation(deps, op, 'failed', 'This operation names no container.'));
  const actor = await actorOf(deps.db, op);
  let loc: LocatedContainer;
  try {
    loc = located ?? (await locateContainer(deps, op.userId, { nodeId, vmid }, { fresh: true, need: ADOPT_OPERATIONS['container.adopt'].need, type: 'any' }));
  } catch (e) {
    if (isAppError(e) || isPveError(e)) return void (await finishOperation(deps, op, 'failed', isPveError(e) ? e.userMessage : e.message));
    throw e;
  }
  try {
    const row = await adopt(deps, op, loc, parsed.data);
    const name = row.hostname;
    const linked = row.templateSlug ? `linked to ${row.templateSlug} ${row.templateVersion}` : 'without a template';
    const withRow = { ...loc, kiln: row };
    // A worker that died after this line and before the end would write it twice otherwise.
    if ((await deps.db.containerEvent.count({ where: { containerId: row.id, type: 'container.adopt' } })) === 0) {
      await recordContainerChange(deps.db, actor, withRow, {
        action: 'container.adopt',
        outcome: 'success',
        message: `Adopted by ${actor.username}, ${linked}`,
        detail: { containerId: row.id, template: row.templateSlug, version: row.templateVersion, tag: ownershipTag(row.id) },
      });
    }
    // Adopted with a template: its service checks come along (none twice after a resumed run).
    await addDefaultChecks(deps.db, row.id);
    await finishOperation(deps, op, 'succeeded', `Adopted ${name}, ${linked}.`, { containerId: row.id, tag: ownershipTag(row.id) });
  } catch (e) {
    if (deps.signal?.aborted) throw e;
    const refusal = e instanceof AdoptRefusal ? e.message : isPveError(e, 'conflict') ? CHANGED : undefined;
    // Anything else may pass (a node that did not answer, a database hiccup): the next attempt resumes.
    if (!refusal && !opts.lastAttempt) throw e;
    if (!refusal) deps.log.error(`operation ${op.id} (container.adopt) failed`, { error: e });
    const message = refusal ?? (isPveError(e) ? pveRefusal(e) : isAppError(e) ? e.message : 'Kiln could not finish this adoption (an internal error; see the worker log).');
    if (await tagged(loc, op.id)) {
      // The tag made it to Proxmox VE after all (an answer lost on the way back): the container is adopted.
      const row = await deps.db.container.findUnique({ where: { id: op.id } });
      if (row) return void (await finishOperation(deps, op, 'succeeded', `Adopted ${row.hostname}.`, { containerId: row.id, tag: ownershipTag(row.id) }));
    }
    await removeRow(deps, op.id);
    await recordContainerChange(deps.db, actor, { ...loc, kiln: undefined }, { action: 'container.adopt', outcome: 'failure', message: `Adoption failed: ${message}` });
    await finishOperation(deps, op, 'failed', message);
  } finally {
    // The next poll shows the new tags at once instead of after its usual wait.
    await deps.redis.del(pollLockKey(loc.clusterKey)).catch(() => undefined);
  }
}

/** Whether the container carries this operation's ownership tag (false when Proxmox VE cannot say). */
async function tagged(loc: LocatedContainer, rowId: string): Promise<boolean> {
  if (!loc.pveNode) return false;
  const cfg = await loc.pve.lxcConfig(loc.pveNode, loc.ref.vmid, { timeoutMs: 10_000 }).catch(() => undefined);
  return !!cfg?.tags?.includes(ownershipTag(rowId));
}

/** The row this operation wrote, before its tag was set: it goes, with its events. */
async function removeRow(deps: OperationDeps, rowId: string): Promise<void> {
  await deps.db.$transaction([deps.db.operation.updateMany({ where: { containerId: rowId }, data: { containerId: null } }), deps.db.container.deleteMany({ where: { id: rowId } })]);
}

async function adopt(deps: OperationDeps, op: Operation, loc: LocatedContainer, params: AdoptParams): Promise<Container> {
  const { db } = deps;
  const rowId = op.id;
  const vmid = loc.ref.vmid;
  if (loc.guest?.type === 'qemu') throw new AdoptRefusal(`VM ${vmid} is a virtual machine: Kiln adopts containers only.`);
  if (!loc.guest || !loc.pveNode) throw new AdoptRefusal(`CT ${vmid} was not found on Proxmox VE.`);
  if (loc.guest.template) throw new AdoptRefusal(`CT ${vmid} is a template: Kiln adopts containers, not templates.`);
  const live = loc.kiln && loc.kiln.lifecycle !== 'deleted' && loc.kiln.id !== rowId ? loc.kiln : undefined;
  if (live) throw new AdoptRefusal(`Kiln already manages ${containerName(loc)}: it was ${live.adoptedAt ? 'adopted' : 'created by Kiln'}.`);
  const pveNode = loc.pveNode;
  const cfg = await loc.pve.lxcConfig(pveNode, vmid);
  const mine = ownershipTag(rowId);
  const existing = await db.container.findUnique({ where: { id: rowId } });
  if (cfg.tags?.includes(mine) && existing) return existing; // a worker tagged it and died before the end

  if (cfg.template) throw new AdoptRefusal(`CT ${vmid} is a template: Kiln adopts containers, not templates.`);
  const owner = await foreignOwner(db, cfg.tags ?? [], rowId);
  if (owner) throw new AdoptRefusal(`Kiln already manages ${containerName(loc)}: it carries the ownership tag ${owner}.`);
  if (params.digest && cfg.digest !== params.digest && !cfg.tags?.includes(mine)) throw new AdoptRefusal(CHANGED);

  let template: { id: string; slug: string; version: string; spec: ReturnType<typeof templateSchema.parse> } | null = null;
  if (params.templateId) {
    const t = await db.template.findFirst({ where: { id: params.templateId, ...visibleTo(op.userId).templates }, select: { id: true, slug: true, version: true, spec: true } });
    if (!t) throw new AdoptRefusal('The template version chosen for this container no longer exists (or is no longer shared with you): adopt it again with another one.');
    template = { id: t.id, slug: t.slug, version: t.version, spec: templateSchema.parse(t.spec) };
  }
  const spec = specFromConfig(cfg, { pveNode, vmid }, template);
  const now = new Date();
  // Written before the tag, under the operation's id: a successor finds it, the janitor never sees a tag without a row.
  const row =
    existing ??
    (await db.container.upsert({
      where: { id: rowId },
      create: {
        id: rowId,
        userId: op.userId,
        nodeId: loc.ref.nodeId,
        templateId: template?.id ?? null,
        templateSlug: template?.slug ?? null,
        templateVersion: template?.version ?? null,
        vmid,
        hostname: spec.hostname,
        pveNode,
        lifecycle: 'ready',
        spec: spec as unknown as Prisma.InputJsonObject,
        readyAt: now,
        adoptedAt: now,
      },
      update: {},
    }));
  await db.operation.update({ where: { id: op.id }, data: { containerId: row.id } });
  if (!cfg.tags?.includes(mine)) {
    const tags = [...(cfg.tags ?? []).filter((t) => !isKilnTag(t)), 'kiln', mine];
    await emit(deps.redis, op.id, { type: 'log', text: `PUT /nodes/${pveNode}/lxc/${vmid}/config tags=${tags.join(';')} (digest ${cfg.digest.slice(0, 12)}…)` });
    await loc.pve.lxcSetConfig(pveNode, vmid, { tags }, { digest: cfg.digest });
  }
  return row;
}
