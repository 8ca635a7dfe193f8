import { NotFoundError, isAppError } from '@kiln/core';
import type { Db } from '@kiln/db';
import { parseUpid } from '@kiln/pve';
import type { Redis } from '@kiln/redis';
import { pveReason, toContainerOpError } from './errors';
import { locateContainer, type ContainerRef } from './locate';
import { containerTargetId } from './record';
import { pveBudget } from './budget';

export interface TimelineEntry {
  id: string;
  at: string;
  level: 'info' | 'warn' | 'error';
  type: string;
  message: string;
  by?: string;
  upid?: string;
}

export interface TaskEntry {
  upid: string;
  type: string;
  /** Who started it: `user@realm` or `user@realm!token`. */
  user: string;
  startedAt: number;
  endedAt?: number;
  /** `OK`, an error text, or `running`. */
  status: string;
  ok: boolean | null;
}

export interface ContainerHistory {
  timeline: TimelineEntry[];
  tasks: TaskEntry[];
  tasksError?: string;
}

type Deps = { db: Db; redis: Redis };

const dataField = (data: unknown, key: string): string | undefined => {
  const v = data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
};

/** An update Kiln rolled back by itself (the audit detail of container.update). */
const rolledBack = (detail: unknown): boolean => !!detail && typeof detail === 'object' && (detail as Record<string, unknown>)['rolledBack'] === true;
/** A discovered container's timeline: the audit rows about it (until `before`, when given). */
async function auditTimeline(db: Deps['db'], targetId: string, before?: Date): Promise<TimelineEntry[]> {
  const audit = await db.auditEvent.findMany({ where: { targetType: 'container', targetId, ...(before ? { createdAt: { lt: before } } : {}) }, orderBy: { id: 'desc' }, take: 200 });
  return audit.map((a) => ({
    id: `a${a.id}`,
    at: a.createdAt.toISOString(),
    level: a.outcome === 'success' ? 'info' : 'error',
    type: a.action,
    message: `${a.action.replace(/^container\./, '')} ${a.outcome === 'success' ? 'succeeded' : `failed${dataField(a.detail, 'reason') ? `: ${dataField(a.detail, 'reason')}` : ''}`}${rolledBack(a.detail) ? ' (rolled back)' : ''}`,
    by: a.actor,
    upid: dataField(a.detail, 'upid'),
  }));
}

/**
 * The container's story: Kiln's own timeline (events of the rows Kiln created or adopted, or the
 * audit trail of a discovered container, and of an adopted one until then) and the PVE tasks that
 * touched its VMID.
 */
export async function containerHistory(deps: Deps, userId: string, ref: ContainerRef, opts: { timeoutMs?: number } = {}): Promise<ContainerHistory> {
  const loc = await locateContainer(deps, userId, ref, opts);
  const rows = await deps.db.container.findMany({ where: { vmid: ref.vmid, nodeId: { in: loc.clusterNodeIds } }, select: { id: true, adoptedAt: true } });
  let timeline: TimelineEntry[];
  if (rows.length > 0) {
    const events = await deps.db.containerEvent.findMany({ where: { containerId: { in: rows.map((r) => r.id) } }, orderBy: { id: 'desc' }, take: 200 });
    timeline = events.map((e) => ({ id: `e${e.id}`, at: e.createdAt.toISOString(), level: e.level, type: e.type, message: e.message, by: dataField(e.data, 'by'), upid: dataField(e.data, 'upid') }));
    // An adopted container keeps the story it had while it was discovered: the audit trail until then.
    const adopted = rows.flatMap((r) => (r.adoptedAt ? [r.adoptedAt.getTime()] : []));
    if (adopted.length > 0) {
      const before = await auditTimeline(deps.db, containerTargetId(loc), new Date(Math.min(...adopted)));
      timeline = [...timeline, ...before].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 200);
    }
  } else {
    timeline = await auditTimeline(deps.db, containerTargetId(loc));
  }
  if (!loc.pveNode) return { timeline, tasks: [] };
  try {
    const list = await loc.pve.tasks(loc.pveNode, { vmid: ref.vmid, limit: 50, source: 'all' }, opts.timeoutMs ? pveBudget(opts.timeoutMs)() : { timeoutMs: 8_000 });
    const tasks = list.map((t) => {
      const running = t.status === undefined || t.status === 'RUNNING' || t.endtime === undefined;
      return {
        upid: t.upid,
        type: t.type,
        user: t.authId,
        startedAt: (t.starttime ?? 0) * 1000,
        endedAt: t.endtime !== undefined ? t.endtime * 1000 : undefined,
        status: running ? 'running' : (t.status ?? 'unknown'),
        ok: running ? null : t.status === 'OK' || /^WARNINGS: \d+$/.test(t.status ?? ''),
      };
    });
    return { timeline, tasks: tasks.sort((a, b) => b.startedAt - a.startedAt) };
  } catch (e) {
    return { timeline, tasks: [], tasksError: pveReason(e) ?? (isAppError(e) ? e.message : 'Proxmox VE did not answer.') };
  }
}

/** The full log of one PVE task of this container (the UPID must name this container). */
export async function containerTaskLog(deps: Deps, userId: string, ref: ContainerRef, upid: string): Promise<{ lines: string[]; status: string; running: boolean }> {
  const task = parseUpid(upid);
  // The access check is the node lookup; the UPID must be a task of this very VMID. A deleted
  // container's tasks stay readable on its node, so the container need not exist any more.
  const loc = await locateContainer(deps, userId, ref);
  if (task.vmid !== ref.vmid) throw new NotFoundError('Task');
  try {
    const [lines, status] = await Promise.all([loc.pve.taskLog(task.node, upid, { start: 0, limit: 2000 }), loc.pve.taskStatus(task.node, upid)]);
    const text = lines.length === 1 && lines[0]?.t === 'no content' ? [] : lines.map((l) => l.t);
    return { lines: text, status: status.status === 'running' ? 'running' : (status.exitstatus ?? 'unknown'), running: status.status === 'running' };
  } catch (e) {
    return toContainerOpError(e);
  }
}
