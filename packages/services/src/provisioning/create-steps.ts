/**
 * The `create` and `wait-create` steps. A worker can die at any point of them (before the POST,
 * between the POST and saving its UPID, while the task runs), so each run first asks Proxmox
 * whose guest holds the VMID: a container with this creation's ownership tag, or the task whose
 * UPID was saved, is adopted; a guest without the tag is never touched.
 */
import { StepFailure, TransientStepError } from './errors';
import { splitForToken } from './pve-options';
import { ownershipTag } from './spec';
import type { StepContext, StepResult } from './step-context';
import { pveKind, resumableUpid, sleep, waitTask } from './step-helpers';

/** How long a VMID may stay under `lock: create` before Kiln stops waiting to learn its owner. */
const CREATE_LOCK_WAIT_MS = 10 * 60_000;

async function existingConfig(ctx: StepContext) {
  try {
    return await ctx.pve.lxcConfig(ctx.spec.pveNode, ctx.spec.vmid);
  } catch (e) {
    if (pveKind(e)?.kind === 'not-found') return undefined;
    throw e;
  }
}

function usedByAnother(ctx: StepContext): StepFailure {
  return new StepFailure(
    `VMID ${ctx.spec.vmid} is already used by another guest on ${ctx.spec.pveNode} (it does not carry this creation's tag, so Kiln leaves it alone). Delete this creation and choose another VMID.`,
  );
}

/**
 * Whose guest holds the VMID on the node. While PVE's create task runs, the config shows only
 * `lock: create` and no tags yet: if a crash cut the worker off before it saved the UPID, that
 * task may be this creation's own, so wait for it to end and look at the tags then.
 */
async function ownerOfVmid(ctx: StepContext): Promise<'ours' | 'foreign' | 'free'> {
  const tag = ownershipTag(ctx.container.id);
  const deadline = Date.now() + CREATE_LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    const cfg = await existingConfig(ctx);
    if (!cfg) return 'free';
    if ((cfg.tags ?? []).includes(tag)) return 'ours';
    if (cfg.lock !== 'create') return 'foreign';
    if (!told) ctx.output(`CT ${ctx.spec.vmid} is being created by a Proxmox task; waiting for it to finish to see whether it is this creation's.\n`);
    told = true;
    if (Date.now() > deadline) throw new StepFailure(`CT ${ctx.spec.vmid} has been locked for creation for ${CREATE_LOCK_WAIT_MS / 60_000} minutes. Check its task in Proxmox, then use Retry.`);
    await sleep(1000, ctx.signal);
  }
}

function adopted(ctx: StepContext): StepResult {
  ctx.output(`CT ${ctx.spec.vmid} already exists with this creation's tag: adopting it instead of creating it again.\n`);
  return { data: { adopted: true } };
}

/** Creates the container, or adopts it when a crash interrupted an earlier attempt. */
export async function create(ctx: StepContext): Promise<StepResult> {
  const { spec } = ctx;
  // A UPID saved by an earlier run is this creation's task, whatever the config shows yet.
  const saved = await resumableUpid(ctx);
  if (saved) {
    ctx.output(`Resuming Proxmox task ${saved}\n`);
    return { data: { upid: saved } };
  }
  const owner = await ownerOfVmid(ctx);
  if (owner === 'ours') return adopted(ctx);
  if (owner === 'foreign') throw usedByAnother(ctx);
  if (!ctx.facts.ostemplate) throw new StepFailure('The OS template was not resolved.');
  const split = splitForToken(ctx.container.id, spec, ctx.facts.ostemplate);
  let upid: string;
  try {
    upid = await ctx.pve.lxcCreate(spec.pveNode, split.api);
  } catch (e) {
    const pe = pveKind(e);
    if (pe?.kind === 'already-exists') {
      const again = await ownerOfVmid(ctx);
      if (again === 'ours') return adopted(ctx);
      if (again === 'foreign') throw usedByAnother(ctx);
      // Not on this node: another node of the cluster holds the VMID.
      throw new StepFailure(`VMID ${spec.vmid} is already used in the cluster (${pe.message}). Delete this creation and choose another VMID.`, { pveKind: pe.kind });
    }
    if (pe?.kind === 'permission') throw new StepFailure(pe.userMessage, { pveKind: pe.kind });
    if (pe?.kind === 'validation')
      throw new StepFailure(
        `Proxmox refused the options: ${
          Object.entries(pe.errors ?? {})
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ') || pe.message
        }`,
        { pveKind: pe.kind },
      );
    throw e;
  }
  await ctx.checkpoint({ upid });
  ctx.output(`Proxmox task ${upid}\n`);
  return { data: { upid } };
}

export async function waitCreate(ctx: StepContext): Promise<StepResult> {
  const createStep = await ctx.db.containerStep.findUniqueOrThrow({ where: { containerId_key: { containerId: ctx.container.id, key: 'create' } } });
  const upid = (createStep.data as { upid?: string } | null)?.upid;
  if (upid) {
    try {
      await waitTask(ctx, upid, 30 * 60_000);
    } catch (e) {
      // A failed create leaves no container: running "create" again is the retry.
      if (e instanceof StepFailure) await ctx.db.containerStep.update({ where: { id: createStep.id }, data: { state: 'pending' } });
      throw e;
    }
    return { data: { upid } };
  }
  // Adopted: wait until Proxmox released the create lock.
  const deadline = Date.now() + CREATE_LOCK_WAIT_MS;
  for (;;) {
    const cfg = await existingConfig(ctx);
    if (!cfg) {
      await ctx.db.containerStep.update({ where: { id: createStep.id }, data: { state: 'pending' } });
      throw new TransientStepError('The container disappeared while it was being created; creating it again.');
    }
    if (!(cfg.tags ?? []).includes(ownershipTag(ctx.container.id)) && cfg.lock !== 'create') throw usedByAnother(ctx);
    if (!cfg.lock) return { data: { adopted: true } };
    if (Date.now() > deadline) throw new StepFailure(`CT ${ctx.spec.vmid} is still locked (${cfg.lock}) after 10 minutes.`);
    await sleep(1000, ctx.signal);
  }
}
