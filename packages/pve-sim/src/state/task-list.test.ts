import { describe, expect, it } from 'vitest';
import { isTaskOwner, listTasks, type TaskListQuery, taskStatus } from './task-list';
import type { TaskRecord } from './types';
import { encodeUpid } from './upid';

let pid = 100;
function task(type: string, id: string, user: string, starttime: number, exitstatus?: string): TaskRecord {
  const parts = { node: 'pve1', pid: pid++, pstart: 5000, starttime, type, id, user };
  return { ...parts, upid: encodeUpid(parts), log: [], ...(exitstatus ? { status: 'stopped', exitstatus, endtime: starttime + 5 } : { status: 'running' }) };
}

const base: TaskListQuery = { authid: 'kiln@pve!kiln', auditor: true, source: 'archive', start: 0, limit: 50, errors: false };
const upids = (r: { data: Array<Record<string, unknown>> }): unknown[] => r.data.map((d) => d['id']);

describe('task owners', () => {
  it('splits a token owner into user and tokenid for the status call', () => {
    const t = task('vzstart', '101', 'kiln@pve!kiln', 1000, 'OK');
    expect(taskStatus(t)).toMatchObject({ user: 'kiln@pve', tokenid: 'kiln', status: 'stopped', exitstatus: 'OK', upid: t.upid });
    expect(taskStatus(task('vzstop', '101', 'root@pam', 1000, 'OK'))).not.toHaveProperty('tokenid');
  });

  it('lets a token see its own tasks and a user those of its tokens, but not a sibling token', () => {
    const t = task('vzstart', '101', 'kiln@pve!kiln', 1000, 'OK');
    expect(isTaskOwner(t, 'kiln@pve!kiln')).toBe(true);
    expect(isTaskOwner(t, 'kiln@pve')).toBe(true);
    expect(isTaskOwner(t, 'kiln@pve!other')).toBe(false);
    expect(isTaskOwner(task('vzstart', '101', 'kiln@pve', 1000, 'OK'), 'kiln@pve!kiln')).toBe(false);
  });
});

describe('listTasks', () => {
  // archive order is the order tasks ended: the list holds 102 (ended first), then 101
  const running = task('vzcreate', '103', 'kiln@pve!kiln', 3000);
  const tasks = [running, task('vzstart', '102', 'root@pam', 2000, 'OK'), task('vzstop', '101', 'kiln@pve!kiln', 1000, 'WARNINGS: 1')];

  it('lists the archive most recently ended first, with the owner split', () => {
    const res = listTasks(tasks, base);
    expect(upids(res)).toEqual(['101', '102']);
    expect(res.data[0]).toMatchObject({ user: 'kiln@pve', tokenid: 'kiln', status: 'WARNINGS: 1', endtime: 1005 });
    expect(res.total).toBe(2);
  });

  it('puts running tasks first for source=all, as read_active_workers gives them', () => {
    const res = listTasks(tasks, { ...base, source: 'all' });
    expect(upids(res)).toEqual(['103', '101', '102']);
    expect(res.data[0]).toEqual({
      upid: running.upid,
      node: 'pve1',
      pid: running.pid,
      pstart: 5000,
      starttime: 3000,
      type: 'vzcreate',
      id: '103',
      user: 'kiln@pve!kiln',
      saved: '0',
      status: 'RUNNING',
    });
    expect(upids(listTasks(tasks, { ...base, source: 'active' }))).toEqual(['103']);
  });

  it('matches userfilter case-insensitively against the split user, literally', () => {
    expect(upids(listTasks(tasks, { ...base, userfilter: 'KILN@pve' }))).toEqual(['101']);
    expect(upids(listTasks(tasks, { ...base, userfilter: 'kiln@pve!kiln' }))).toEqual([]);
    expect(upids(listTasks(tasks, { ...base, userfilter: '.' }))).toEqual([]);
    // running tasks are not split, so the full token id matches there
    expect(upids(listTasks(tasks, { ...base, source: 'active', userfilter: 'kiln@pve!kiln' }))).toEqual(['103']);
  });

  it('shows non-auditors only their own tasks', () => {
    expect(upids(listTasks(tasks, { ...base, source: 'all', auditor: false }))).toEqual(['103', '101']);
    expect(upids(listTasks(tasks, { ...base, source: 'all', auditor: false, authid: 'kiln@pve!other' }))).toEqual([]);
  });

  it('errors=1 drops OK tasks and overrides statusfilter; running tasks count as unknown', () => {
    expect(upids(listTasks(tasks, { ...base, source: 'all', errors: true, statusfilter: ['ok'] }))).toEqual(['103', '101']);
    expect(upids(listTasks(tasks, { ...base, source: 'all', statusfilter: ['OK'] }))).toEqual(['102']);
    expect(upids(listTasks(tasks, { ...base, source: 'all', statusfilter: ['unknown'] }))).toEqual(['103']);
  });

  it('pages with start/limit, counting every match in total; limit 0 lists nothing', () => {
    const page = listTasks(tasks, { ...base, source: 'all', start: 1, limit: 1 });
    expect([upids(page), page.total]).toEqual([['101'], 3]);
    const none = listTasks(tasks, { ...base, limit: 0 });
    expect([none.data, none.total]).toEqual([[], 2]);
  });

  it('filters by type, vmid and start time', () => {
    expect(upids(listTasks(tasks, { ...base, typefilter: 'vzstart' }))).toEqual(['102']);
    expect(upids(listTasks(tasks, { ...base, vmid: '101' }))).toEqual(['101']);
    expect(upids(listTasks(tasks, { ...base, since: 1500, until: 2000 }))).toEqual(['102']);
  });
});
