import { ValidationError, isAppError } from '@kiln/core';
import type { Operation, Prisma } from '@kiln/db';
import { ContainerServices } from '../containers/services';
import { locateExistingContainer, type ContainerRef } from '../containers/locate';
import { containerName } from '../containers/record';
import { UNIT_NAME_RE } from '../containers/systemd';
import type { Actor } from '../nodes/service';
import { actorOf, type OperationDeps } from './container-runner';
import { claimQueued, emit, finishOperation } from './events';
import { enqueueOperation } from './jobs';
import { OPERATION_PARAMS } from './params';
import { SERVICE_OPERATIONS, serviceKind, type ServiceOpKind, type ServiceVerb } from './table';
import type { OperationRequestDeps } from './request';

/**
 * Asks for `systemctl <verb> <unit>` in a container. The web checks the unit name and the caller's
 * role, writes the row (queued) and returns; the worker (which alone runs SSH) does it.
 */
export async function requestServiceOperation(deps: OperationRequestDeps, actor: Actor, ref: ContainerRef, unit: string, verb: ServiceVerb): Promise<{ operationId: string }> {
  if (!UNIT_NAME_RE.test(unit)) throw new ValidationError('Not a service unit name.', { unit: 'Not a service unit name.' });
  const kind = serviceKind(verb);
  const loc = await locateExistingContainer(deps, actor.id, ref, { need: SERVICE_OPERATIONS[kind].need, timeoutMs: 8_000 });
  const live = loc.kiln && loc.kiln.lifecycle !== 'deleted' ? loc.kiln : undefined;
  const op = await deps.db.operation.create({
    data: { kind, userId: actor.id, nodeId: ref.nodeId, vmid: ref.vmid, targetName: `${unit} on ${containerName(loc)}`, containerId: live?.id, params: { unit }, requestIp: actor.ip },
  });
  await emit(deps.redis, op.id, { type: 'state', state: 'queued' });
  await enqueueOperation(op.id);
  return { operationId: op.id };
}

/**
 * The worker's side: runs systemctl over the node's pooled SSH connection (ContainerServices
 * records the audit row), then ends the row with systemctl's verdict and the unit's new state.
 * A row found running after a worker died is run again: start, stop and restart may repeat.
 */
export async function runServiceOperation(deps: OperationDeps, op: Operation, opts: { lastAttempt: boolean }): Promise<void> {
  const kind = op.kind as ServiceOpKind;
  const def = SERVICE_OPERATIONS[kind];
  if (op.state === 'queued' && !(await claimQueued(deps, op))) return; // cancelled before it started
  const { nodeId, vmid } = op;
  const parsed = OPERATION_PARAMS[kind].safeParse(op.params);
  if (!nodeId || !vmid || !parsed.success) {
    await finishOperation(deps, op, 'failed', 'This operation names no container or service.');
    return;
  }
  const { unit } = parsed.data;
  const actor = await actorOf(deps.db, op);
  await emit(deps.redis, op.id, { type: 'log', text: `systemctl ${def.verb} ${unit}` });
  try {
    const r = await new ContainerServices(deps).control(actor, { nodeId, vmid }, unit, def.verb);
    const result = JSON.parse(JSON.stringify({ ok: r.ok, unit, verb: def.verb, service: r.service ?? null })) as Prisma.InputJsonObject;
    await finishOperation(deps, op, r.ok ? 'succeeded' : 'failed', r.message, result);
  } catch (e) {
    if (isAppError(e)) {
      await finishOperation(deps, op, 'failed', e.message, { ok: false, unit, verb: def.verb });
      return;
    }
    if (!opts.lastAttempt) throw e;
    deps.log.error(`operation ${op.id} (${kind}) failed`, { error: e });
    await finishOperation(deps, op, 'failed', 'Kiln could not finish this operation (an internal error; see the worker log).', { ok: false, unit, verb: def.verb });
  }
}
