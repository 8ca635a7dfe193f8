import { paramError } from '../http/errors';
import { splitList } from '../schema/formats';
import type { Sim } from '../sim';
import { isTaskOwner, listTasks, taskStatus } from '../state/task-list';
import type { TaskRecord } from '../state/types';
import { decodeUpid } from '../state/upid';
import { intParam, type Route } from './types';

/** The task named by `{upid}`, with the owner-or-privileged check of pve-manager's Tasks.pm. */
function taskFor(sim: Sim, authid: string, params: Readonly<Record<string, string>>, priv: 'Sys.Audit' | 'Sys.Modify'): TaskRecord {
  const upid = params['upid'] ?? '';
  const node = sim.proxyNode(params['node'] ?? '').name;
  if (!decodeUpid(upid)) throw paramError({ upid: 'unable to parse worker upid' });
  const task = sim.tasks.find(upid);
  if (!task || task.node !== node) throw paramError({ upid: 'no such task' });
  if (!isTaskOwner(task, authid)) sim.acl.check(authid, `/nodes/${node}`, [priv]);
  return task;
}

export function taskRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/nodes/{node}/tasks',
      handle: ({ sim, authid, params, setTotal }) => {
        const node = sim.proxyNode(params['node'] ?? '').name;
        const source = params['source'];
        const { total, data } = listTasks(sim.tasks.list(node), {
          authid,
          auditor: sim.acl.check(authid, `/nodes/${node}`, ['Sys.Audit'], { noerr: true }),
          source: source === 'active' || source === 'all' ? source : 'archive',
          start: intParam(params, 'start') ?? 0,
          limit: intParam(params, 'limit') ?? 50,
          errors: params['errors'] === '1',
          userfilter: params['userfilter'],
          typefilter: params['typefilter'],
          vmid: params['vmid'],
          statusfilter: params['statusfilter'] === undefined ? undefined : splitList(params['statusfilter']),
          since: intParam(params, 'since'),
          until: intParam(params, 'until'),
        });
        setTotal(total);
        return data;
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
      handle: ({ sim, authid, params }) => taskStatus(taskFor(sim, authid, params, 'Sys.Audit')),
    },
    {
      method: 'GET',
      path: '/nodes/{node}/tasks/{upid}/log',
      handle: ({ sim, authid, params, setTotal }) => {
        const t = taskFor(sim, authid, params, 'Sys.Audit');
        const start = intParam(params, 'start') ?? 0;
        // `dump_logfile`: limit 0 reads to the end
        const limit = intParam(params, 'limit') ?? 50;
        const lines = t.log.map((text, i) => ({ n: i + 1, t: text }));
        // pve-manager's ExtJS workaround: never an empty array
        if (lines.length === 0) {
          setTotal(1);
          return [{ n: 1, t: 'no content' }];
        }
        setTotal(lines.length);
        return limit === 0 ? lines.slice(start) : lines.slice(start, start + limit);
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
