import { isAppError } from '@kiln/core';
import { recordAudit, type Node, type Operation } from '@kiln/db';
import { lackingPrivilegesRefusal, isPveError, lackingPrivileges, missingPrivilegeMessage, parseUpid, type PveClient } from '@kiln/pve';
import { pveReason } from '../containers/errors';
import { nodeForRole } from '../nodes/access';
import { pveClientForNode } from '../nodes/pve-client';
import { actorOf, findUnrecordedTask, OperationRetry, type OperationDeps } from '../operations/container-runner';
import { claimOrResume, emit, finishOperation } from '../operations/events';
import { OPERATION_PARAMS, type OperationParams } from '../operations/params';
import { IMAGE_OPERATIONS, type ImageOpDef, type ImageOpKind } from '../operations/table';

interface Plan {
  needs: Array<{ path: string; privilege: string }>;
  start: (pve: PveClient) => Promise<string>;
  done: string;
}

const PLANS: { [K in ImageOpKind]: (p: OperationParams<K>) => Plan } = {
  'image.download': (p) => ({
    needs: [{ path: `/storage/${p.storage}`, privilege: 'Datastore.AllocateTemplate' }],
    start: (pve) => pve.downloadTemplate(p.pveNode, p.storage, p.template),
    done: `Downloaded ${p.template} to ${p.storage} on ${p.pveNode}.`,
  }),
  'image.pull': (p) => ({
    needs: [
      { path: `/storage/${p.storage}`, privilege: 'Datastore.AllocateTemplate' },
      { path: `/nodes/${p.pveNode}`, privilege: 'Sys.AccessNetwork' },
    ],
    start: (pve) => pve.pullOciImage(p.pveNode, p.storage, p.reference, { filename: p.filename }),
    done: `Pulled ${p.reference} to ${p.storage}:vztmpl/${p.filename} on ${p.pveNode}.`,
  }),
  'image.delete': (p) => ({
    needs: [{ path: `/storage/${p.storage}`, privilege: 'Datastore.Allocate' }],
    start: (pve) => pve.deleteVolume(p.pveNode, p.storage, p.volid),
    done: `Deleted ${p.volid} on ${p.pveNode}.`,
  }),
};

/** skopeo's own sentence from a failed pull's log (`level=fatal msg="..."`), unescaped. */
export function pullFailureReason(logTail: readonly string[]): string | undefined {
  for (const line of [...logTail].reverse()) {
    const m = /level=fatal msg="((?:[^"\\]|\\.)*)"/.exec(line);
    if (m?.[1]) return m[1].replace(/\\(.)/g, '$1');
  }
  return undefined;
}

/**
 * Runs one OS image operation (the caller holds the row's lease): checks the token's privileges,
 * starts the PVE task, records its UPID before waiting, streams its log and ends the row with
 * PVE's verdict and an audit row. A row found running with a UPID is followed, never started again;
 * one without is looked up in the node's task list first.
 */
export async function runImageOperation(deps: OperationDeps, op: Operation, opts: { lastAttempt: boolean }): Promise<void> {
  const { db, redis } = deps;
  const kind = op.kind as ImageOpKind;
  const def: ImageOpDef = IMAGE_OPERATIONS[kind];
  const claimed = await claimOrResume(deps, op);
  if (!claimed) return;
  op = claimed;
  const parsed = OPERATION_PARAMS[kind].safeParse(op.params);
  if (!op.nodeId || !parsed.success) {
    await finishOperation(deps, op, 'failed', 'This operation names no node or has invalid options.');
    return;
  }
  const params = parsed.data as OperationParams<ImageOpKind>;
  const actor = await actorOf(db, op);
  let node: Node;
  try {
    node = (await nodeForRole(db, op.userId, op.nodeId, def.need)).node;
  } catch (e) {
    if (!isAppError(e)) throw e;
    await finishOperation(deps, op, 'failed', e.message);
    return;
  }
  const pve = pveClientForNode(node);
  const audit = (outcome: 'success' | 'failure', message: string) =>
    recordAudit(db, {
      userId: actor.id,
      actor: actor.username,
      action: kind,
      outcome,
      targetType: 'node',
      targetId: node.id,
      targetName: `${node.name}: ${op.targetName ?? ''}`,
      ip: actor.ip,
      detail: { message, storage: params.storage, pveNode: params.pveNode },
    });
  const plan = (PLANS[kind] as (p: OperationParams<ImageOpKind>) => Plan)(params);
  try {
    if (op.upids.length === 0) {
      let upid: string | undefined;
      if (op.attempts > 1 && op.startedAt) {
        upid = await findUnrecordedTask(db, pve, { pveNode: params.pveNode, type: def.pveTaskType, tokenId: node.tokenId, startedAt: op.startedAt });
        if (upid) await emit(redis, op.id, { type: 'log', text: `Following ${def.pveTaskType} task ${upid}, started before this worker took over.` });
      }
      if (!upid) {
        const lacking = lackingPrivileges(await pve.permissions(undefined, { timeoutMs: 15_000 }), plan.needs);
        if (lacking.length) {
          const message = lackingPrivilegesRefusal(node.tokenId, def.feature, lacking);
          await audit('failure', message);
          await finishOperation(deps, op, 'failed', message, { lacking });
          return;
        }
        upid = await plan.start(pve);
      }
      await db.operation.update({ where: { id: op.id }, data: { upids: { push: upid } } });
      op.upids.push(upid);
      await emit(redis, op.id, { type: 'task', upid, label: def.label });
    }
    const upid = op.upids[0] ?? '';
    const streaming: Promise<void>[] = [];
    const r = await pve.waitForTask(parseUpid(upid).node, upid, {
      timeout: def.timeoutMs,
      pollInterval: 500,
      signal: deps.signal,
      onLog: (text) => void streaming.push(emit(redis, op.id, { type: 'log', text })),
    });
    await Promise.all(streaming);
    const done = r.warnings ? `${plan.done} (with warnings; see the log)` : plan.done;
    await audit('success', done);
    await finishOperation(deps, op, 'succeeded', done, { upids: op.upids });
  } catch (e) {
    if (deps.signal?.aborted) throw new OperationRetry('Worker shutting down; the next worker follows the task.', { cause: e });
    if (!isPveError(e)) {
      if (!opts.lastAttempt) throw e;
      deps.log.error(`operation ${op.id} (${kind}) failed`, { error: e });
      await finishOperation(deps, op, 'failed', 'Kiln could not finish this operation (an internal error; see the worker log).');
      return;
    }
    if (isPveError(e, 'task-failed')) for (const text of e.task?.logTail ?? []) await emit(redis, op.id, { type: 'log', text });
    const pulled = kind === 'image.pull' && isPveError(e, 'task-failed') ? pullFailureReason(e.task?.logTail ?? []) : undefined;
    const message = pulled
      ? `The pull of ${(params as OperationParams<'image.pull'>).reference} failed: ${pulled}`
      : isPveError(e, 'permission') && e.privilege
        ? missingPrivilegeMessage(e.privilege, e.aclPath)
        : ['unreachable', 'auth', 'tls-mismatch', 'tls-untrusted'].includes(e.kind)
          ? e.userMessage
          : `Proxmox VE refused: ${pveReason(e) ?? e.message}`;
    await audit('failure', message);
    await finishOperation(deps, op, 'failed', message, { upids: op.upids });
  }
}
