import { NotFoundError, ValidationError, isAppError } from '@kiln/core';
import type { Operation, Prisma } from '@kiln/db';
import { isPveError, type GuestType } from '@kiln/pve';
import { isSshError } from '@kiln/ssh';
import { pollLockKey } from '../keys';
import { pveReason } from '../containers/errors';
import { locateContainer, locateExistingContainer, type ContainerRef, type LocatedContainer } from '../containers/locate';
import { containerName, recordContainerChange } from '../containers/record';
import { disksOf, settingsFromConfig, sshReadyFor } from '../containers/settings';
import { sshForContainer } from '../containers/ssh-target';
import type { Actor } from '../nodes/service';
import { apiUpdate, changedKeys, settingsChange, type SettingsValues } from '../schemas/container-settings';
import { actorOf, type OperationDeps } from './container-runner';
import { claimQueued, emit, finishOperation } from './events';
import { enqueueOperation } from './jobs';
import { OPERATION_PARAMS, type OperationParams } from './params';
import type { OperationRequestDeps } from './request';
import { SETTINGS_OPERATIONS, type SettingsOpDef, type SettingsOpKind } from './table';
import { guestOwner, prepareAddressChanges, staticAddresses } from '../ippools/settings-addresses';
import { reconcileGuestAddresses } from '../ippools/claims';

const RESIZE_TIMEOUT_MS = 10 * 60_000;

function rootOnlyRefusal(keys: string[], pveNode: string): string {
  const what = keys.join(' and ');
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} can only be changed by root: Kiln does that with pct set over SSH, and SSH to ${pveNode} is not set up. Set it up in Settings → Nodes, or leave ${keys.length === 1 && !what.includes(' flags') ? 'it' : 'them'} unchanged.`;
}

/** How the refusal names a root-only key. */
const rootKeyLabel = (k: string) => (k === 'features' ? 'keyctl, FUSE and the other feature flags except nesting' : `the bind mount ${k}`);

async function queue(deps: OperationRequestDeps, actor: Actor, kind: SettingsOpKind, loc: LocatedContainer, params: Prisma.InputJsonObject): Promise<{ operationId: string }> {
  const live = loc.kiln && loc.kiln.lifecycle !== 'deleted' ? loc.kiln : undefined;
  const op = await deps.db.operation.create({
    data: { kind, userId: actor.id, nodeId: loc.ref.nodeId, vmid: loc.ref.vmid, targetName: containerName(loc), containerId: live?.id, params, requestIp: actor.ip },
  });
  await emit(deps.redis, op.id, { type: 'state', state: 'queued' });
  await enqueueOperation(op.id);
  return { operationId: op.id };
}

/**
 * Asks the worker to save a container's settings. Refused here, before anything is queued: no
 * change, no operator role, or root-only keys without SSH (the reason at the field).
 */
export async function requestSettingsChange(deps: OperationRequestDeps, actor: Actor, ref: ContainerRef, input: OperationParams<'container.configure'>): Promise<{ operationId: string }> {
  const params = OPERATION_PARAMS['container.configure'].parse(input);
  const change = settingsChange(params.base, params.next);
  const fromPool = params.next.nets.some((n) => n.ipv4Mode === 'pool');
  if (change.keys.length === 0 && !fromPool) throw new ValidationError('Nothing changed.');
  const loc = await locateExistingContainer(deps, actor.id, ref, { need: SETTINGS_OPERATIONS['container.configure'].need, timeoutMs: 8_000 });
  const rootKeys = [...Object.keys(change.rootOnly), ...change.rootOnlyDelete];
  if (rootKeys.length > 0 && !(await sshReadyFor(deps.db, loc))) {
    const message = rootOnlyRefusal(rootKeys.map(rootKeyLabel), loc.pveNode);
    throw new ValidationError(message, Object.fromEntries(rootKeys.map((k) => [k.startsWith('mp') ? 'mounts' : k, message])));
  }
  // the wizard's address rules: conflict check, race-safe claim, pool allocation ("next free" resolved here)
  const next = await prepareAddressChanges(deps, actor.id, loc, params.base, params.next);
  return queue(deps, actor, 'container.configure', loc, { ...params, next } as unknown as Prisma.InputJsonObject);
}

/** Asks for a disk to grow. A smaller or equal size is refused at the field: Proxmox VE cannot shrink a disk. */
export async function requestDiskResize(deps: OperationRequestDeps, actor: Actor, ref: ContainerRef, input: OperationParams<'container.resize'>): Promise<{ operationId: string }> {
  const params = OPERATION_PARAMS['container.resize'].parse(input);
  const loc = await locateExistingContainer(deps, actor.id, ref, { need: SETTINGS_OPERATIONS['container.resize'].need, timeoutMs: 8_000 });
  const disk = disksOf(await loc.pve.lxcConfig(loc.pveNode, ref.vmid, { timeoutMs: 8_000 })).find((d) => d.key === params.disk);
  if (!disk) throw new NotFoundError('Disk');
  if (!disk.resizable) throw new ValidationError(`${disk.key} is a bind mount: its size is the host directory's.`, { sizeGiB: 'A bind mount has no size to change.' });
  if (disk.sizeGiB !== null && params.sizeGiB <= disk.sizeGiB) {
    const message = `Proxmox VE can only grow a disk: enter more than ${disk.size ?? `${disk.sizeGiB} GiB`}.`;
    throw new ValidationError(message, { sizeGiB: message });
  }
  return queue(deps, actor, 'container.resize', loc, params);
}

/** Asks to drop what Proxmox VE keeps pending for these keys (the running values stay). */
export async function requestRevertPending(deps: OperationRequestDeps, actor: Actor, ref: ContainerRef, input: OperationParams<'container.revert-pending'>): Promise<{ operationId: string }> {
  const params = OPERATION_PARAMS['container.revert-pending'].parse(input);
  const loc = await locateExistingContainer(deps, actor.id, ref, { need: SETTINGS_OPERATIONS['container.revert-pending'].need, timeoutMs: 8_000 });
  return queue(deps, actor, 'container.revert-pending', loc, params);
}

/** The description change of a container's (`lxc`) or a VM's (`qemu`) snapshot. */
export const snapshotDescribeKind = (guest: GuestType): 'snapshot.describe' | 'vm.snapshot.describe' => (guest === 'qemu' ? 'vm.snapshot.describe' : 'snapshot.describe');

/** Asks to change a snapshot's description; an unknown snapshot is refused by Proxmox VE in the worker. */
export async function requestSnapshotDescribe(
  deps: OperationRequestDeps,
  actor: Actor,
  ref: ContainerRef,
  input: OperationParams<'snapshot.describe'>,
  guest: GuestType = 'lxc',
): Promise<{ operationId: string }> {
  const kind = snapshotDescribeKind(guest);
  const params = OPERATION_PARAMS[kind].parse(input);
  const loc = await locateExistingContainer(deps, actor.id, ref, { need: SETTINGS_OPERATIONS[kind].need, timeoutMs: 8_000, type: guest });
  return queue(deps, actor, kind, loc, params);
}

/** "memory (512 → 1024), net0 (…)": what someone else changed, in PVE's own terms. */
function describeKeys(list: { key: string; was: string | null; now: string | null }[]): string {
  return list.map((c) => `${c.key} (${c.was ?? 'unset'} → ${c.now ?? 'unset'})`).join(', ');
}

interface Outcome {
  message: string;
  detail: Record<string, string | number | null | undefined>;
  result?: Prisma.InputJsonObject;
}

const guestOf = (def: SettingsOpDef): GuestType => def.guest ?? 'lxc';

/** Worker side of the settings operations. */
export async function runSettingsOperation(deps: OperationDeps, op: Operation, opts: { lastAttempt: boolean }): Promise<void> {
  const kind = op.kind as SettingsOpKind;
  const def = SETTINGS_OPERATIONS[kind];
  if (op.state === 'queued') {
    if (!(await claimQueued(deps, op))) return; // cancelled before it started
    op = await deps.db.operation.findUniqueOrThrow({ where: { id: op.id } });
  } else {
    op = await deps.db.operation.update({ where: { id: op.id }, data: { attempts: { increment: 1 } } });
  }
  const { nodeId, vmid } = op;
  const parsed = OPERATION_PARAMS[kind].safeParse(op.params);
  if (!nodeId || !vmid || !parsed.success) {
    await finishOperation(deps, op, 'failed', 'This operation names no container or settings.');
    return;
  }
  const actor = await actorOf(deps.db, op);
  let loc: LocatedContainer;
  try {
    loc = await locateContainer(deps, op.userId, { nodeId, vmid }, { fresh: true, need: def.need, type: guestOf(def) });
  } catch (e) {
    if (isAppError(e) || isPveError(e)) return void (await finishOperation(deps, op, 'failed', isPveError(e) ? e.userMessage : e.message));
    throw e;
  }
  if (!loc.guest || !loc.pveNode) return void (await finishOperation(deps, op, 'failed', `${guestOf(def) === 'qemu' ? 'VM' : 'Container'} was not found.`));
  const pveNode = loc.pveNode;
  const name = containerName(loc);
  const record = (outcome: 'success' | 'failure', message: string, detail: Record<string, string | number | boolean | null | undefined> = {}) =>
    recordContainerChange(deps.db, actor, loc, { action: kind, outcome, message, detail });
  try {
    let outcome: Outcome;
    if (kind === 'container.configure') outcome = await configure(deps, op, loc, pveNode, parsed.data as OperationParams<'container.configure'>);
    else if (kind === 'container.resize') outcome = await resize(deps, op, loc, pveNode, parsed.data as OperationParams<'container.resize'>);
    else if (kind === 'snapshot.describe' || kind === 'vm.snapshot.describe') {
      const { snapname, description } = parsed.data as OperationParams<'snapshot.describe'>;
      await loc.pve.snapshotSetDescription(guestOf(def), pveNode, vmid, snapname, description);
      outcome = { message: `Saved the description of snapshot ${snapname} of ${name}.`, detail: { snapname } };
    } else {
      const { keys } = parsed.data as OperationParams<'container.revert-pending'>;
      await loc.pve.lxcRevertPending(pveNode, vmid, keys);
      outcome = { message: `Reverted the pending change${keys.length === 1 ? '' : 's'} of ${keys.join(', ')} on ${name}.`, detail: { keys: keys.join(',') } };
    }
    await record('success', `${outcome.message.replace(/\.$/, '')} (by ${actor.username})`, outcome.detail);
    await finishOperation(deps, op, 'succeeded', outcome.message, outcome.result);
  } catch (e) {
    if (deps.signal?.aborted) throw e;
    const known = isPveError(e) || isSshError(e) || e instanceof SettingsRefusal;
    if (!known) {
      if (!opts.lastAttempt) throw e;
      deps.log.error(`operation ${op.id} (${kind}) failed`, { error: e });
      await finishOperation(deps, op, 'failed', 'Kiln could not finish this operation (an internal error; see the worker log).');
      return;
    }
    const message =
      e instanceof SettingsRefusal
        ? e.message
        : isPveError(e)
          ? ['unreachable', 'auth', 'tls-mismatch', 'tls-untrusted'].includes(e.kind)
            ? e.userMessage
            : `Proxmox VE refused: ${pveReason(e) ?? e.message}`
          : `pct set over SSH failed: ${(e as Error).message}`;
    await record('failure', `${def.noun} failed: ${message}`, e instanceof SettingsRefusal ? { conflict: e.keys.map((k) => k.key).join(',') || null } : {});
    await finishOperation(deps, op, 'failed', message, e instanceof SettingsRefusal ? { conflict: e.keys } : undefined);
  } finally {
    if (kind === 'container.configure') await reconcileAddresses(deps, loc, pveNode);
    await deps.redis.del(pollLockKey(loc.clusterKey)).catch(() => undefined);
  }
}

/**
 * After a settings change (done or not): the guest keeps the pool allocations and address claims of
 * what its config now says and gives back the rest, so moving away from a pool address frees it and
 * a change Proxmox VE refused frees what was claimed for it.
 */
async function reconcileAddresses(deps: OperationDeps, loc: LocatedContainer, pveNode: string): Promise<void> {
  try {
    const now = settingsFromConfig(await loc.pve.lxcConfig(pveNode, loc.ref.vmid));
    await reconcileGuestAddresses(deps.db, guestOwner(loc), staticAddresses(now));
  } catch (e) {
    // unreachable now: the next change reconciles; until then the addresses stay held (never handed out twice)
    deps.log.warn(`could not reconcile the addresses of ${loc.ref.vmid}`, { error: e });
  }
}

/** A refusal of Kiln's own, shown as is; `keys` name what someone else changed (a stale digest). */
class SettingsRefusal extends Error {
  constructor(
    message: string,
    readonly keys: { key: string; was: string | null; now: string | null }[] = [],
  ) {
    super(message);
  }
}

function conflict(keys: SettingsRefusal['keys']): SettingsRefusal {
  return new SettingsRefusal(
    keys.length > 0
      ? `Not saved: these settings were changed elsewhere since you opened them: ${describeKeys(keys)}. Reload to see them, then make your change again.`
      : 'Not saved: this container’s configuration was changed elsewhere since you opened it (in settings this page does not show). Reload, then make your change again.',
    keys,
  );
}

async function conflictWith(loc: LocatedContainer, pveNode: string, base: SettingsValues): Promise<SettingsRefusal> {
  const now = settingsFromConfig(await loc.pve.lxcConfig(pveNode, loc.ref.vmid));
  return conflict(changedKeys(base, now));
}

async function configure(deps: OperationDeps, op: Operation, loc: LocatedContainer, pveNode: string, p: OperationParams<'container.configure'>): Promise<Outcome> {
  const vmid = loc.ref.vmid;
  const change = settingsChange(p.base, p.next);
  const apiKeys = [...Object.keys(change.set), ...change.delete];
  if (op.attempts > 1) {
    // A worker died mid-way: if the config already says what the user asked for, it is done.
    const now = settingsFromConfig(await loc.pve.lxcConfig(pveNode, vmid));
    if (settingsChange(now, p.next).keys.length === 0) return { message: `Saved settings of ${containerName(loc)}.`, detail: { keys: change.keys.join(',') } };
  }
  const rootKeys = [...Object.keys(change.rootOnly), ...change.rootOnlyDelete];
  if (apiKeys.length > 0) {
    await emit(deps.redis, op.id, { type: 'log', text: `PUT /nodes/${pveNode}/lxc/${vmid}/config ${apiKeys.join(', ')}` });
    try {
      await loc.pve.lxcSetConfig(pveNode, vmid, apiUpdate(p.next, Object.keys(change.set)), { delete: change.delete, digest: p.digest });
    } catch (e) {
      if (isPveError(e, 'conflict')) throw await conflictWith(loc, pveNode, p.base);
      throw e;
    }
  } else if ((await loc.pve.lxcConfig(pveNode, vmid)).digest !== p.digest) {
    // pct set takes no digest from Kiln: the same check, made before it runs.
    throw await conflictWith(loc, pveNode, p.base);
  }
  if (rootKeys.length > 0) {
    if (!(await sshReadyFor(deps.db, loc))) throw new SettingsRefusal(rootOnlyRefusal(rootKeys.map(rootKeyLabel), pveNode));
    const { ssh } = await sshForContainer(deps.db, loc);
    await emit(deps.redis, op.id, {
      type: 'log',
      text: `pct set ${vmid} ${Object.entries(change.rootOnly)
        .map(([k, v]) => `--${k} ${v}`)
        .join(' ')}${change.rootOnlyDelete.length ? ` --delete ${change.rootOnlyDelete.join(',')}` : ''}`,
    });
    await ssh.pctSet(vmid, change.rootOnly, { delete: change.rootOnlyDelete, signal: deps.signal });
  }
  const pending = (await loc.pve.lxcPending(pveNode, vmid)).filter((x) => change.keys.includes(x.key) && (x.pending !== undefined || x.delete !== undefined)).map((x) => x.key);
  const later = pending.length > 0 ? ` Proxmox VE applies ${pending.join(', ')} when the container restarts.` : '';
  return {
    message: `Saved settings of ${await nameForMessage(loc, pveNode)}.${later}`,
    detail: { keys: change.keys.join(','), pending: pending.join(',') || null },
    result: { keys: change.keys, pending },
  };
}

/**
 * The container's name for a result message: the cached name, or the config's host name while the
 * cache still has PVE's `CT<vmid>` placeholder (a container seen before its first status broadcast).
 */
async function nameForMessage(loc: LocatedContainer, pveNode: string): Promise<string> {
  const cached = containerName(loc);
  if (cached !== `CT${loc.ref.vmid}` && cached !== `CT ${loc.ref.vmid}`) return cached;
  const { hostname } = await loc.pve.lxcConfig(pveNode, loc.ref.vmid);
  return typeof hostname === 'string' && hostname ? hostname : cached;
}

async function resize(deps: OperationDeps, op: Operation, loc: LocatedContainer, pveNode: string, p: OperationParams<'container.resize'>): Promise<Outcome> {
  const vmid = loc.ref.vmid;
  let upid = op.upids.at(-1);
  if (!upid) {
    upid = await loc.pve.lxcResize(pveNode, vmid, { disk: p.disk, size: `${p.sizeGiB}G`, digest: p.digest });
    // Recorded before waiting: a worker that dies from here on is followed, never repeated.
    await deps.db.operation.update({ where: { id: op.id }, data: { upids: { push: upid } } });
    await emit(deps.redis, op.id, { type: 'task', upid, label: SETTINGS_OPERATIONS['container.resize'].label });
  }
  const result = await loc.pve.waitForTask(pveNode, upid, {
    timeout: RESIZE_TIMEOUT_MS,
    pollInterval: 500,
    signal: deps.signal,
    onLog: (text) => void emit(deps.redis, op.id, { type: 'log', text }),
  });
  return {
    message: `Resized ${p.disk} of ${await nameForMessage(loc, pveNode)} to ${p.sizeGiB} GiB.`,
    detail: { upid, disk: p.disk, sizeGiB: p.sizeGiB, exitstatus: result.exitstatus ?? null },
    result: { upid, exitstatus: result.exitstatus ?? null },
  };
}
