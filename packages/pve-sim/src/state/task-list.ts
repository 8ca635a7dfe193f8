import { isTokenId, splitTokenId } from '../auth/access-control';
import type { TaskRecord } from './types';

/**
 * pve-manager's `PVE/API2/Tasks.pm` read side: how tasks are shown, who owns them, and the
 * filters of `GET /nodes/{node}/tasks`.
 */

/** `$convert_token_task`: a token's `user@realm!name` is split into `user` and `tokenid`. */
export function taskOwner(authid: string): { user: string; tokenid?: string } {
  if (!isTokenId(authid)) return { user: authid };
  const { user, token } = splitTokenId(authid);
  return { user, tokenid: token };
}

/** `$check_task_user`: a token sees its own tasks, a user also those of its tokens. */
export function isTaskOwner(task: TaskRecord, authid: string): boolean {
  const owner = taskOwner(task.user);
  if (owner.tokenid !== undefined) return authid === task.user || authid === owner.user;
  return authid === task.user;
}

/** `upid_normalize_status_type`; a running task has no status yet and counts as `unknown`. */
export function statusType(exitstatus: string | undefined): 'ok' | 'warning' | 'error' | 'unknown' {
  if (!exitstatus) return 'unknown';
  if (exitstatus === 'OK') return 'ok';
  if (/^WARNINGS: \d+$/.test(exitstatus)) return 'warning';
  if (exitstatus === 'unexpected status') return 'unknown';
  return 'error';
}

/** The fields `upid_decode` yields. */
function decoded(t: TaskRecord): Record<string, unknown> {
  const { upid, node, pid, pstart, starttime, type, id, user } = t;
  return { upid, node, pid, pstart, starttime, type, id, user };
}

/** `GET .../tasks/{upid}/status`. */
export function taskStatus(t: TaskRecord): Record<string, unknown> {
  return { ...decoded(t), ...taskOwner(t.user), status: t.status, ...(t.status === 'stopped' ? { exitstatus: t.exitstatus } : {}) };
}

export interface TaskListQuery {
  /** The caller. */
  authid: string;
  /** Whether the caller has `Sys.Audit` on `/nodes/{node}` (then it sees everybody's tasks). */
  auditor: boolean;
  source: 'archive' | 'active' | 'all';
  start: number;
  limit: number;
  userfilter?: string;
  typefilter?: string;
  vmid?: string;
  errors: boolean;
  statusfilter?: readonly string[];
  since?: number;
  until?: number;
}

/**
 * `node_tasks`. Running tasks come from the `active` file as `read_active_workers` parsed them:
 * the owner is not split there, they carry `saved: "0"` and get `status: "RUNNING"`. Finished
 * tasks come from the archive, most recently ended first, with the owner split.
 */
export function listTasks(tasks: readonly TaskRecord[], q: TaskListQuery): { total: number; data: Array<Record<string, unknown>> } {
  const wanted = new Set<string>(['ok', 'warning', 'error', 'unknown']);
  if (q.statusfilter !== undefined && !q.errors) {
    wanted.clear();
    for (const s of q.statusfilter) wanted.add(s.toLowerCase());
  } else if (q.errors) {
    wanted.delete('ok');
  }
  const userRe = q.userfilter ? new RegExp(q.userfilter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i') : undefined;

  let count = 0;
  let limit = q.limit;
  const data: Array<Record<string, unknown>> = [];
  // `$filter_task`: true when the task is left out (also for paging)
  const skip = (t: TaskRecord, shownUser: string, owner: boolean, status: string | undefined): boolean => {
    if (userRe && !userRe.test(shownUser)) return true;
    if (!(q.auditor || owner)) return true;
    if (q.typefilter && t.type !== q.typefilter) return true;
    if (q.vmid && (!t.id || t.id !== q.vmid)) return true;
    if (q.since !== undefined && t.starttime < q.since) return true;
    if (q.until !== undefined && t.starttime > q.until) return true;
    if (!wanted.has(statusType(status))) return true;
    if (count++ < q.start) return true;
    return limit <= 0;
  };

  if (q.source !== 'archive') {
    for (const t of tasks) {
      if (t.status !== 'running' || skip(t, t.user, q.authid === t.user, undefined)) continue;
      data.push({ ...decoded(t), saved: '0', status: 'RUNNING' });
      limit--;
    }
  }
  if (q.source !== 'active') {
    for (let i = tasks.length - 1; i >= 0; i--) {
      const t = tasks[i];
      if (!t || t.status !== 'stopped') continue;
      const owner = taskOwner(t.user);
      if (skip(t, owner.user, isTaskOwner(t, q.authid), t.exitstatus)) continue;
      data.push({ ...decoded(t), ...owner, endtime: t.endtime, status: t.exitstatus });
      limit--;
    }
  }
  return { total: count, data };
}
