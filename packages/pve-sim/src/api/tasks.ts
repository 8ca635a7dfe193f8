import { gzipSync } from 'node:zlib';
import { paramError, pveDie } from '../http/errors';
import { splitList } from '../schema/formats';
import type { Sim } from '../sim';
import { isTaskOwner, listTasks, taskStatus } from '../state/task-list';
import type { TaskRecord } from '../state/types';
import { decodeUpid } from '../state/upid';
import { FileDownload, intParam, type Route } from './types';

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

/** `read_task_log` with `download`: the log file, gzipped when over 1 KiB. */
function downloadLog(t: TaskRecord, params: Readonly<Record<string, string>>): FileDownload {
  if (params['start'] !== undefined || params['limit'] !== undefined) {
    throw pveDie("'download' cannot be used together with 'start' or 'limit' parameters");
  }
  const text = Buffer.from(t.log.map((line) => `${line}\n`).join(''), 'utf8');
  const time = new Date(t.starttime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const disposition = `attachment; filename="task-${t.node}-${t.type}-${time}.log"`;
  return text.length > 1024 ? new FileDownload(gzipSync(text), 'text/plain', disposition, 'gzip') : new FileDownload(text, 'text/plain', disposition);
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
        if (params['download'] === '1') return downloadLog(t, params);
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
