import { isAppError, type Logger } from '@kiln/core';
import type { Db, Operation } from '@kiln/db';
import { isPveError, missingPrivilegeMessage, parseUpid, type PveClient, type PveError } from '@kiln/pve';
import type { Redis } from '@kiln/redis';
import { pollLockKey } from '../keys';
import { pveReason } from '../containers/errors';
import { locateContainer, type LocatedContainer } from '../containers/locate';
import { containerName, recordContainerChange } from '../containers/record';
import type { Actor } from '../nodes/service';
import type { VmidService } from '../vmid/service';
import { readOperationEvents } from './channel';
import { claimOrResume, emit, finishOperation } from './events';
import { OPERATION_PARAMS } from './params';
import { CONTAINER_OPERATIONS, type ContainerCallParams, type ContainerOpDef, type ContainerOpKind } from './table';
import { releaseContainerAddresses } from '../ippools/allocate';
import { releaseGuestAddresses } from '../ippools/claims';

export interface OperationDeps {
  db: Db;
  redis: Redis;
  vmids: VmidService;
  log: Logger;
  /** Who holds leases: `host:pid` of the worker. */
  workerId: string;
  /** How long a lease lasts without renewal (a killed worker's rows move on after it). */
  leaseMs: number;
  /** Aborted on worker shutdown: the operation is handed back and followed by the next worker. */
  signal?: AbortSignal;
}

/** Thrown to make BullMQ run the job again later (another worker holds the row, shutdown, a store hiccup). */
export class OperationRetry extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OperationRetry';
  }
}

const CUT_OFF = ['unreachable', 'auth', 'permission', 'tls-mismatch', 'tls-untrusted'];

/** What the user reads when Proxmox VE (or SSH) said no. PVE's own sentence when it refused. */
function failureText(def: ContainerOpDef, e: unknown, pveNode: string | undefined, upid: string | undefined): string {
  const reason = pveReason(e) ?? (e instanceof Error ? e.message : String(e));
  // A 403 names the privilege: say which, why Kiln needs it, and the command that grants it.
  if (isPveError(e, 'permission') && e.privilege) return missingPrivilegeMessage(e.privilege, e.aclPath);
  if (isPveError(e, 'timeout') && upid) return `${def.noun} is still running on ${pveNode} after ${Math.round(def.timeoutMs / 1000)} s; see History for its log.`;
  if (isPveError(e)) return pveRefusal(e);
  return reason;
}

/** What the user reads when Proxmox VE said no: PVE's own sentence, or why Kiln could not ask. */
export function pveRefusal(e: PveError): string {
  return CUT_OFF.includes(e.kind) ? e.userMessage : `Proxmox VE refused: ${pveReason(e) ?? e.message}`;
}

export async function actorOf(db: Db, op: Pick<Operation, 'userId' | 'requestIp'>): Promise<Actor> {
  const user = await db.user.findUnique({ where: { id: op.userId }, select: { username: true } });
  return { id: op.userId, username: user?.username ?? 'deleted user', ip: op.requestIp ?? undefined };
}

/**
 * A worker died after PVE accepted the request but before the UPID reached the row: the task is
 * in the node's task list (its type, VMID, the node's token, started since the operation did).
 * Found there, it is followed instead of being started a second time.
 */
export async function findUnrecordedTask(db: Db, pve: PveClient, q: { pveNode: string; type: string; vmid?: number; tokenId: string; startedAt: Date }): Promise<string | undefined> {
  const since = Math.floor(q.startedAt.getTime() / 1000) - 5;
  const tasks = await pve.tasks(q.pveNode, { vmid: q.vmid, typefilter: q.type, source: 'all', since, limit: 20 });
  for (const t of tasks.filter((x) => x.authId === q.tokenId).sort((a, b) => (a.starttime ?? 0) - (b.starttime ?? 0))) {
    // A task another operation recorded is that one's, not ours.
    if ((await db.operation.count({ where: { upids: { has: t.upid } } })) === 0) return t.upid;
  }
  return undefined;
}

/** Log lines of `upid` already on the channel (a resumed follow does not show them twice). */
async function linesAlreadyStreamed(redis: Redis, operationId: string, upid: string): Promise<number> {
  const events = await readOperationEvents(redis, operationId, '0', 5000).catch(() => []);
  let n = 0;
  for (const { event } of events) {
    if (event.type === 'task') n = event.upid === upid ? 0 : -Infinity;
    else if (event.type === 'log' && n >= 0) n++;
  }
  return Math.max(0, n);
}

/**
 * Runs one container operation to its end (the caller holds the row's lease): starts its PVE
 * task, records the UPID on the row BEFORE waiting, streams the task log to the channel, and
 * ends the row with PVE's verdict, the audit row and the container's timeline event.
 *
 * A row that is already running is resumed: a recorded UPID is followed, never started again.
 * `pre` is the container as a bulk parent located it (one PVE question for all its children).
 */
export async function runContainerOperation(deps: OperationDeps, op: Operation, opts: { lastAttempt: boolean }, pre?: LocatedContainer): Promise<void> {
  const { db, redis } = deps;
  const kind = op.kind as ContainerOpKind;
  const def: ContainerOpDef = CONTAINER_OPERATIONS[kind];
  const params: ContainerCallParams = OPERATION_PARAMS[kind].parse(op.params);
  const claimed = await claimOrResume(deps, op);
  if (!claimed) return; // cancelled before it started
  op = claimed;
  const resumed = op.attempts > 1;
  const { nodeId, vmid } = op;
  if (!nodeId || !vmid) {
    await finishOperation(deps, op, 'failed', 'Node was not found.');
    return;
  }
  const actor = await actorOf(db, op);
  let loc: LocatedContainer;
  try {
    loc = pre ?? (await locateContainer(deps, op.userId, { nodeId, vmid }, { fresh: true, need: def.need, type: def.guest ?? 'lxc' }));
  } catch (e) {
    if (isAppError(e) || isPveError(e)) {
      await finishOperation(deps, op, 'failed', isPveError(e) ? e.userMessage : e.message);
      return;
    }
    throw e;
  }
  const name = containerName(loc);
  if (name !== op.targetName) op = await db.operation.update({ where: { id: op.id }, data: { targetName: name } });

  let upid = op.upids.at(-1);
  try {
    if (!upid && resumed) {
      upid = loc.pveNode && op.startedAt ? await findUnrecordedTask(db, loc.pve, { pveNode: loc.pveNode, type: def.pveTaskType, vmid, tokenId: loc.node.tokenId, startedAt: op.startedAt }) : undefined;
      if (upid) await recordUpid(deps, op, upid, def);
    }
    if (!upid) {
      const live = loc.kiln && loc.kiln.lifecycle !== 'deleted' ? loc.kiln : undefined;
      if (kind === 'container.delete' && live?.lifecycle === 'creating') {
        await finishOperation(deps, op, 'failed', 'Kiln is still creating this container. Wait for it to finish or fail, then delete it from its page.');
        return;
      }
      if (!loc.guest || !loc.pveNode) {
        if (kind === 'container.delete' && live) return await forgetMissing(deps, op, actor, loc);
        await finishOperation(deps, op, 'failed', `${def.guest === 'qemu' ? 'VM' : 'Container'} was not found.`);
        return;
      }
      upid = await def.call(loc.pve, loc.pveNode, vmid, params);
      // Recorded before waiting: a worker that dies from here on is followed, never repeated.
      await recordUpid(deps, op, upid, def);
    }
    const pveNode = parseUpid(upid).node;
    const skip = resumed ? await linesAlreadyStreamed(redis, op.id, upid) : 0;
    const lines: string[] = [];
    let streaming: Promise<void> = Promise.resolve();
    const result = await loc.pve
      .waitForTask(pveNode, upid, {
        timeout: def.timeoutMs,
        pollInterval: 500,
        signal: deps.signal,
        onLog: (text, n) => {
          lines.push(text);
          if (n > skip) streaming = streaming.then(() => emit(redis, op.id, { type: 'log', text }));
        },
      })
      .finally(() => streaming);
    const message = `${def.verdict ? def.verdict(name, params) : `${def.past} ${name}`}.${result.warnings ? ` (${result.exitstatus})` : ''}`;
    if (kind === 'container.delete') await afterDelete(deps, actor, loc);
    await recordContainerChange(
      db,
      actor,
      { ...loc, pveNode },
      { action: kind, outcome: 'success', message: `${def.past} by ${actor.username}`, detail: { upid, exitstatus: result.exitstatus, force: params.force || undefined, snapname: params.snapname } },
    );
    await finishOperation(deps, op, 'succeeded', message, { upid, exitstatus: result.exitstatus });
  } catch (e) {
    if (deps.signal?.aborted) throw new OperationRetry('Worker shutting down; the next worker follows the task.', { cause: e });
    if (!isPveError(e) && !(isAppError(e) && e.code === 'SSH')) {
      if (!opts.lastAttempt) throw e;
      deps.log.error(`operation ${op.id} (${kind}) failed`, { error: e });
      await finishOperation(deps, op, 'failed', 'Kiln could not finish this operation (an internal error; see the worker log).', { upid: upid ?? null });
      return;
    }
    const reason = pveReason(e) ?? e.message;
    const message = failureText(def, e, loc.pveNode, upid);
    // A task that failed before Kiln streamed any line still has its log tail on the error.
    if (isPveError(e, 'task-failed')) {
      const streamed = upid ? await linesAlreadyStreamed(redis, op.id, upid) : 0;
      if (streamed === 0) for (const text of e.task?.logTail ?? []) await emit(redis, op.id, { type: 'log', text });
    }
    await recordContainerChange(db, actor, loc, { action: kind, outcome: 'failure', message: `${def.noun} failed: ${reason}`, detail: { upid, reason, snapname: params.snapname } });
    await finishOperation(deps, op, 'failed', message, { upid: upid ?? null, exitstatus: isPveError(e, 'task-failed') ? (e.task?.exitstatus ?? null) : null });
  } finally {
    // Let the poller refresh this cluster on its next tick so tables show the new state soon.
    await redis.del(pollLockKey(loc.clusterKey)).catch(() => undefined);
  }
}

async function recordUpid(deps: OperationDeps, op: Operation, upid: string, def: ContainerOpDef): Promise<void> {
  await deps.db.operation.update({ where: { id: op.id }, data: { upids: { push: upid } } });
  op.upids.push(upid);
  await emit(deps.redis, op.id, { type: 'task', upid, label: def.label });
}

/** The VMID is free again, and Kiln's row keeps its history under lifecycle `deleted`. */
async function afterDelete(deps: OperationDeps, actor: Actor, loc: LocatedContainer): Promise<void> {
  await deps.vmids.invalidate(actor.id, loc.ref.nodeId);
  if (loc.kiln && loc.kiln.lifecycle !== 'deleted') {
    await deps.db.container.update({ where: { id: loc.kiln.id }, data: { lifecycle: 'deleted', deletedAt: new Date() } });
  }
  // the destroyed container's pool address can be handed out again
  if (loc.kiln) await releaseContainerAddresses(deps.db, loc.kiln.id);
  await releaseGuestAddresses(deps.db, `${loc.clusterKey}/${loc.ref.vmid}`);
}

/** A Kiln row whose container is already gone from Proxmox VE: mark it deleted, keep its history. */
async function forgetMissing(deps: OperationDeps, op: Operation, actor: Actor, loc: LocatedContainer): Promise<void> {
  await afterDelete(deps, actor, loc);
  await recordContainerChange(deps.db, actor, loc, {
    action: 'container.delete',
    outcome: 'success',
    message: `Removed by ${actor.username} (it no longer existed on Proxmox VE)`,
    detail: { missing: true },
  });
  await finishOperation(deps, op, 'succeeded', `${containerName(loc)} no longer existed on Proxmox VE; Kiln marked it deleted.`, { missing: true });
}
