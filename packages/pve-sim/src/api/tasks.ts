import { paramError } from '../http/errors';
import { splitList } from '../schema/formats';
import type { Sim } from '../sim';
import type { TaskRecord } from '../state/types';
import { decodeUpid } from '../state/upid';
import { intParam, type Route } from './types';

/** Task status class used by `statusfilter` / `errors`. */
function statusClass(t: TaskRecord): 'ok' | 'warning' | 'error' | 'unknown' | 'running' {
  if (t.status === 'running') return 'running';
  if (t.exitstatus === 'OK') return 'ok';
  if (t.exitstatus?.startsWith('WARNINGS:')) return 'warning';
  if (t.exitstatus === 'unexpected status') return 'unknown';
  return 'error';
}

function listEntry(t: TaskRecord): Record<string, unknown> {
  const { upid, node, pid, pstart, starttime, type, id, user } = t;
  return { upid, node, pid, pstart, starttime, type, id, user, ...(t.status === 'stopped' ? { endtime: t.endtime, status: t.exitstatus } : {}) };
}

/** The task named by `{upid}`, with the owner-or-auditor check of pve-manager's Tasks.pm. */
function taskFor(sim: Sim, authid: string, params: Readonly<Record<string, string>>, priv: 'Sys.Audit' | 'Sys.Modify'): TaskRecord {
  const upid = params['upid'] ?? '';
  const node = sim.proxyNode(params['node'] ?? '').name;
  if (!decodeUpid(upid)) throw paramError({ upid: 'unable to parse worker upid' });
  const task = sim.tasks.find(upid);
  if (!task || task.node !== node) throw paramError({ upid: 'no such task' });
  if (authid !== task.user) sim.acl.check(authid, `/nodes/${node}`, [priv]);
  return task;
}

export function taskRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/nodes/{node}/tasks',
      handle: ({ sim, authid, params, setTotal }) => {
        const node = sim.proxyNode(params['node'] ?? '').name;
        const source = params['source'] ?? 'archive';
        const auditor = sim.acl.check(authid, `/nodes/${node}`, ['Sys.Audit'], { noerr: true });
        const statuses = params['statusfilter'] ? splitList(params['statusfilter']).map((s) => s.toLowerCase()) : undefined;
        const since = intParam(params, 'since');
        const until = intParam(params, 'until');
        const matching = [...sim.tasks.list(node)]
          .reverse()
          .filter((t) => (source === 'all' ? true : source === 'active' ? t.status === 'running' : t.status === 'stopped'))
          .filter((t) => auditor || t.user === authid)
          .filter((t) => params['vmid'] === undefined || t.id === params['vmid'])
          .filter((t) => !params['typefilter'] || t.type === params['typefilter'])
          .filter((t) => !params['userfilter'] || t.user.toLowerCase().includes((params['userfilter'] ?? '').toLowerCase()))
          .filter((t) => params['errors'] !== '1' || statusClass(t) !== 'ok')
          .filter((t) => !statuses || statuses.includes(statusClass(t)))
          .filter((t) => since === undefined || t.starttime >= since)
          .filter((t) => until === undefined || t.starttime <= until);
        const start = intParam(params, 'start') ?? 0;
        const limit = intParam(params, 'limit') || 50;
        setTotal(matching.length);
        return matching.slice(start, start + limit).map(listEntry);
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/tasks/{upid}',
      handle: () => [{ name: 'log' }, { name: 'status' }],
    },
    {
      method: 'GET',
      path: '/nodes/{node}/tasks/{upid}/status',
      handle: ({ sim, authid, params }) => {
        const t = taskFor(sim, authid, params, 'Sys.Audit');
        const { upid, node, pid, pstart, starttime, type, id, user, status } = t;
        return { upid, node, pid, pstart, starttime, type, id, user, status, ...(status === 'stopped' ? { exitstatus: t.exitstatus } : {}) };
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/tasks/{upid}/log',
      handle: ({ sim, authid, params, setTotal }) => {
        const t = taskFor(sim, authid, params, 'Sys.Audit');
        const start = intParam(params, 'start') ?? 0;
        const limit = intParam(params, 'limit') || 50;
        const lines = t.log.map((text, i) => ({ n: i + 1, t: text }));
        // pve-manager's ExtJS workaround: never an empty array
        if (lines.length === 0) {
          setTotal(1);
          return [{ n: 1, t: 'no content' }];
        }
        setTotal(lines.length);
        return lines.slice(start, start + limit);
      },
    },
    {
      method: 'DELETE',
      path: '/nodes/{node}/tasks/{upid}',
      handle: ({ sim, authid, params }) => {
        sim.tasks.abort(taskFor(sim, authid, params, 'Sys.Modify'));
        return null;
      },
    },
  ];
}
