import { ValidationError } from '@kiln/core';
import type { Prisma } from '@kiln/db';
import type { Actor } from '../nodes/service';
import { enqueueOperation } from '../operations/jobs';
import { BULK_MAX_TARGETS, operationTargetSchema, type OperationTarget } from '../operations/params';
import { requestBulk, type OperationRequestDeps } from '../operations/request';
import { bulkUpdateOptionsSchema, type BulkUpdateOptions, type BulkUpdateOptionsInput, type UpdateRequest } from '../schemas/updates';

/** The `container.update` request each child of a bulk update carries. */
export function childUpdateRequest(o: BulkUpdateOptions): UpdateRequest {
  return { what: o.what, safety: o.safety, ...(o.backupStorage ? { backupStorage: o.backupStorage } : {}), force: false, keepDays: o.keepDays };
}

/** The options, or a ValidationError naming the fields (the form shows them next to each). */
export function parseBulkUpdateOptions(input: BulkUpdateOptionsInput): BulkUpdateOptions {
  const parsed = bulkUpdateOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'what'), i.message]));
  throw new ValidationError(parsed.error.issues[0]?.message ?? 'The update’s options are not valid.', fields);
}

/**
 * Updates several containers as one bulk operation (the table's selection, or a schedule's run).
 * Each container gets its own `container.update` child, which runs the whole pipeline (pre-flight,
 * safety net, update, post-check, rollback); the parent runs `perNode` at a time per PVE node and,
 * when asked, cancels what has not started at the first rollback. An update already running on a
 * container (another batch, a schedule, a click) makes that child end "not started" when its turn
 * comes (the container's update lock, lock.ts), so two never overlap.
 */
export async function requestBulkUpdate(
  deps: OperationRequestDeps,
  actor: Actor,
  targets: OperationTarget[],
  input: BulkUpdateOptionsInput,
  origin: { scheduleId?: string; label?: string } = {},
): Promise<{ operationId: string }> {
  const options = parseBulkUpdateOptions(input);
  const refs = targets.map((t) => operationTargetSchema.parse(t));
  if (refs.length === 0) throw new ValidationError('Select at least one container.');
  if (new Set(refs.map((r) => `${r.nodeId}:${r.vmid}`)).size > BULK_MAX_TARGETS) throw new ValidationError(`At most ${BULK_MAX_TARGETS} containers at once.`);
  const n = new Set(refs.map((r) => `${r.nodeId}:${r.vmid}`)).size;
  const count = `${n} container${n === 1 ? '' : 's'}`;
  const id = await requestBulk(deps, actor, 'bulk.update', refs, {
    parentParams: { options, ...(origin.scheduleId ? { scheduleId: origin.scheduleId } : {}) } as unknown as Prisma.InputJsonObject,
    childParams: childUpdateRequest(options) as unknown as Prisma.InputJsonObject,
    targetName: origin.label ? `${origin.label}: ${count}` : count,
  });
  await enqueueOperation(id);
  return { operationId: id };
}
