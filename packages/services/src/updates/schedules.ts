/**
 * Update schedules (maintenance windows for updates): CRUD for their owner, and the worker's
 * minute tick that starts the runs that are due. A run is one `bulk.update` operation over the
 * containers of the schedule's node (or with its tag) that have pending updates of the chosen
 * kind, by the last update check; it runs the same pipeline as a click, with the schedule's
 * options. A run never starts while the schedule's previous one still runs, and each container
 * has one update at a time whoever asked (lock.ts).
 */
import { NotFoundError, ValidationError } from '@kiln/core';
import type { Db, Node, UpdateSchedule } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { groupByCluster } from '../inventory/clusters';
import { allows, nodeForRole, visibleNodes } from '../nodes/access';
import type { Actor } from '../nodes/service';
import { isTerminal } from '../operations/events';
import type { OperationTarget } from '../operations/params';
import { updateScheduleInputSchema, type BulkUpdateOptions, type UpdateScheduleInput } from '../schemas/updates';
import { requestBulkUpdate } from './bulk';
import { describeWindow, hhmmOf, minuteOf, nextOccurrence } from './recurrence';
import { runningContainers } from './schedule';

interface Deps {
  db: Db;
  redis: Redis;
}

/** A window missed by more than this (no worker ran) is skipped, not run late in the day. */
export const SCHEDULE_GRACE_MS = 60 * 60_000;
/** A check older than this does not count: the container is left for the next window. */
export const SCHEDULE_CHECK_MAX_AGE_MS = 48 * 3600_000;

export interface UpdateScheduleView {
  id: string;
  name: string;
  nodeId: string | null;
  nodeName: string | null;
  tag: string | null;
  days: number[];
  time: string;
  timeZone: string;
  window: string;
  options: BulkUpdateOptions;
  enabled: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastResult: string | null;
  lastOperation: { id: string; state: string; message: string | null } | null;
}

function optionsOf(s: UpdateSchedule): BulkUpdateOptions {
  return {
    what: s.what as BulkUpdateOptions['what'],
    safety: s.safety as BulkUpdateOptions['safety'],
    ...(s.backupStorage ? { backupStorage: s.backupStorage } : {}),
    keepDays: 7,
    perNode: s.perNode,
    stopAtFirstRollback: s.stopAtFirstRollback,
  };
}

/** The user's schedules, with their last run. */
export async function listUpdateSchedules({ db }: { db: Db }, userId: string): Promise<UpdateScheduleView[]> {
  const rows = await db.updateSchedule.findMany({ where: { userId }, orderBy: [{ createdAt: 'asc' }] });
  const nodeIds = [...new Set(rows.map((r) => r.nodeId).filter((n): n is string => !!n))];
  const opIds = rows.map((r) => r.lastOperationId).filter((o): o is string => !!o);
  const [nodes, ops] = await Promise.all([
    nodeIds.length ? db.node.findMany({ where: { id: { in: nodeIds } }, select: { id: true, name: true } }) : [],
    opIds.length ? db.operation.findMany({ where: { id: { in: opIds }, userId }, select: { id: true, state: true, message: true } }) : [],
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    nodeId: r.nodeId,
    nodeName: nodes.find((n) => n.id === r.nodeId)?.name ?? null,
    tag: r.tag,
    days: r.days,
    time: hhmmOf(r.minute),
    timeZone: r.timeZone,
    window: describeWindow(r.days, r.minute, r.timeZone),
    options: optionsOf(r),
    enabled: r.enabled,
    nextRunAt: r.enabled ? r.nextRunAt.toISOString() : null,
    lastRunAt: r.lastRunAt?.toISOString() ?? null,
    lastResult: r.lastResult,
    lastOperation: ops.find((o) => o.id === r.lastOperationId) ?? null,
  }));
}

/** Creates (no id) or changes one of the actor's schedules. The node must be one they may update containers on. */
/** `input` is checked here (the form's fields get the messages), so callers may pass it unparsed. */
export async function saveUpdateSchedule({ db }: { db: Db }, actor: Actor, id: string | undefined, input: UpdateScheduleInput | Record<string, unknown>, now = new Date()): Promise<{ id: string }> {
  const parsed = updateScheduleInputSchema.safeParse(input);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path.at(-1) ?? 'name'), i.message]));
    throw new ValidationError(parsed.error.issues[0]?.message ?? 'The schedule is not valid.', fields);
  }
  const v = parsed.data;
  if (v.nodeId) await nodeForRole(db, actor.id, v.nodeId, 'operator');
  const minute = minuteOf(v.time);
  const next = nextOccurrence(v.days, minute, v.timeZone, now)!;
  const data = {
    name: v.name,
    nodeId: v.nodeId ?? null,
    tag: v.tag ?? null,
    days: v.days,
    minute,
    timeZone: v.timeZone,
    what: v.options.what,
    safety: v.options.safety,
    backupStorage: v.options.backupStorage ?? null,
    perNode: v.options.perNode,
    stopAtFirstRollback: v.options.stopAtFirstRollback,
    enabled: v.enabled,
    nextRunAt: next,
  };
  if (!id) return { id: (await db.updateSchedule.create({ data: { ...data, userId: actor.id }, select: { id: true } })).id };
  const res = await db.updateSchedule.updateMany({ where: { id, userId: actor.id }, data });
  if (res.count === 0) throw new NotFoundError('Update schedule');
  return { id };
}

export async function deleteUpdateSchedule({ db }: { db: Db }, actor: Actor, id: string): Promise<void> {
  const res = await db.updateSchedule.deleteMany({ where: { id, userId: actor.id } });
  if (res.count === 0) throw new NotFoundError('Update schedule');
}

/** What a schedule's run would update now: running containers in its scope with pending updates of its kind. */
export async function scheduleTargets(deps: Deps, s: UpdateSchedule, now = new Date()): Promise<{ targets: OperationTarget[]; inScope: number; unchecked: number }> {
  let nodes: Node[];
  if (s.nodeId) {
    nodes = [(await nodeForRole(deps.db, s.userId, s.nodeId, 'operator')).node];
  } else {
    const mine = (await visibleNodes(deps.db, s.userId)).filter((n) => allows(n.access, 'operator'));
    nodes = mine.length ? await deps.db.node.findMany({ where: { id: { in: mine.map((n) => n.id) } }, orderBy: { createdAt: 'asc' } }) : [];
  }
  const candidates: { clusterKey: string; ref: OperationTarget }[] = [];
  for (const [clusterKey, members] of groupByCluster(nodes)) {
    const guests = await runningContainers(deps.redis, clusterKey, members, now.getTime());
    for (const g of guests) {
      if (s.nodeId ? g.node !== members[0]!.pveNodeName : !g.tags.includes(s.tag ?? '')) continue;
      candidates.push({ clusterKey, ref: { nodeId: members[0]!.id, vmid: g.vmid } });
    }
  }
  if (candidates.length === 0) return { targets: [], inScope: 0, unchecked: 0 };
  const statuses = await deps.db.containerUpdateStatus.findMany({
    where: { OR: candidates.map((c) => ({ clusterKey: c.clusterKey, vmid: c.ref.vmid })) },
    select: { clusterKey: true, vmid: true, pending: true, security: true, okAt: true },
  });
  const fresh = (okAt: Date | null) => !!okAt && now.getTime() - okAt.getTime() < SCHEDULE_CHECK_MAX_AGE_MS;
  let unchecked = 0;
  const targets: OperationTarget[] = [];
  for (const c of candidates) {
    const st = statuses.find((x) => x.clusterKey === c.clusterKey && x.vmid === c.ref.vmid);
    if (!st || !fresh(st.okAt)) {
      unchecked++;
      continue;
    }
    if (s.what === 'os-security' ? st.security > 0 : st.pending > 0) targets.push(c.ref);
  }
  return { targets, inScope: candidates.length, unchecked };
}

/** Starts one run of a schedule now (its window came, or "Run now"); returns the line the schedule shows. */
export async function startScheduleRun(deps: Deps, s: UpdateSchedule, now = new Date()): Promise<{ result: string; operationId?: string }> {
  if (s.lastOperationId) {
    const prev = await deps.db.operation.findUnique({ where: { id: s.lastOperationId }, select: { state: true } });
    if (prev && !isTerminal(prev.state)) return { result: 'Skipped: the previous run of this schedule is still running.' };
  }
  const user = await deps.db.user.findUnique({ where: { id: s.userId }, select: { id: true, username: true } });
  if (!user) return { result: 'Skipped: the schedule’s owner is gone.' };
  let found: Awaited<ReturnType<typeof scheduleTargets>>;
  try {
    found = await scheduleTargets(deps, s, now);
  } catch (e) {
    return { result: `Skipped: ${e instanceof Error ? e.message : String(e)}` };
  }
  const kind = s.what === 'os-security' ? 'security updates' : 'updates';
  const unchecked = found.unchecked ? ` (${found.unchecked} not checked in the last ${SCHEDULE_CHECK_MAX_AGE_MS / 3600_000} hours, left out)` : '';
  if (found.targets.length === 0) {
    return {
      result:
        found.inScope === 0
          ? 'Nothing to update: no running container in scope.'
          : `Nothing to update: no pending ${kind} on ${found.inScope} running container${found.inScope === 1 ? '' : 's'}${unchecked}.`,
    };
  }
  const { operationId } = await requestBulkUpdate(deps, { id: user.id, username: user.username }, found.targets.slice(0, 100), optionsOf(s), { scheduleId: s.id, label: s.name });
  const n = Math.min(found.targets.length, 100);
  return { operationId, result: `Started: ${n} container${n === 1 ? '' : 's'} with pending ${kind}${unchecked}.` };
}

async function recordRun(db: Db, id: string, now: Date, run: { result: string; operationId?: string }) {
  await db.updateSchedule.update({ where: { id }, data: { lastRunAt: now, lastResult: run.result, ...(run.operationId ? { lastOperationId: run.operationId } : {}) } });
}

/** "Run now" from the schedules page: the same run, whatever the time; the next window stays. */
export async function runUpdateScheduleNow(deps: Deps, actor: Actor, id: string, now = new Date()): Promise<{ result: string; operationId?: string }> {
  const s = await deps.db.updateSchedule.findFirst({ where: { id, userId: actor.id } });
  if (!s) throw new NotFoundError('Update schedule');
  const run = await startScheduleRun(deps, s, now);
  await recordRun(deps.db, s.id, now, run);
  return run;
}

/**
 * The worker's minute tick: each due schedule is claimed by moving its next window forward
 * (a conditional update: two workers never start the same window), then run, or skipped when
 * the window was missed by more than the grace time.
 */
export async function runDueUpdateSchedules(deps: Deps & { log?: { info(m: string): void } }, now = new Date()): Promise<{ started: number; skipped: number }> {
  const due = await deps.db.updateSchedule.findMany({ where: { enabled: true, nextRunAt: { lte: now } }, orderBy: { nextRunAt: 'asc' }, take: 50 });
  let started = 0;
  let skipped = 0;
  for (const s of due) {
    const next = nextOccurrence(s.days, s.minute, s.timeZone, now);
    const claim = await deps.db.updateSchedule.updateMany({
      where: { id: s.id, enabled: true, nextRunAt: s.nextRunAt },
      data: next ? { nextRunAt: next } : { enabled: false },
    });
    if (claim.count === 0) continue;
    const late = now.getTime() - s.nextRunAt.getTime();
    const run = late > SCHEDULE_GRACE_MS ? { result: `Skipped: the window of ${s.nextRunAt.toISOString()} was missed (no worker ran).` } : await startScheduleRun(deps, s, now);
    await recordRun(deps.db, s.id, now, run);
    if (run.operationId) started++;
    else skipped++;
    deps.log?.info(`update schedule ${s.id}: ${run.result}`);
  }
  return { started, skipped };
}
