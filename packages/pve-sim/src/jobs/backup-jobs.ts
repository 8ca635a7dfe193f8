import { randomUUID } from 'node:crypto';
import { paramError, pveDie } from '../http/errors';
import { parseMountPoint } from '../lxc/config-schema';
import { startVzdump } from '../lxc/vzdump';
import { splitList } from '../schema/formats';
import type { Sim } from '../sim';
import { findPool } from '../state/pools';
import { parseRetention } from '../state/prune';
import type { BackupJobRecord, ContainerRecord } from '../state/types';
import { CalendarEventError, nextEvent, parseCalendarEvent } from '@kiln/core/calendar';

/**
 * Backup jobs (`/cluster/backup`, pve-manager's API2/Backup.pm over `jobs.cfg`) and what
 * pvescheduler does with them: run each enabled job when its calendar event comes due, on every
 * node that holds guests it includes, as `root@pam`, with the job's retention.
 */

/** Parameters that are not part of the stored job. */
const NOT_STORED = new Set(['id', 'delete', 'digest']);

function jobs(sim: Sim): Record<string, BackupJobRecord> {
  return (sim.state.backupJobs ??= {});
}

export function findJob(sim: Sim, id: string): BackupJobRecord {
  const job = jobs(sim)[id];
  if (!job) throw pveDie(`Job '${id}' does not exist`);
  return job;
}

function assertSchedule(schedule: string): void {
  try {
    parseCalendarEvent(schedule);
  } catch (err) {
    if (err instanceof CalendarEventError) throw paramError({ schedule: `invalid calendar event '${schedule}' - ${err.message}` });
    throw err;
  }
}

/** `verify_vzdump_parameters` for a job's selection. */
function assertSelection(conf: Readonly<Record<string, string>>): void {
  if (conf['all'] === '1' && conf['vmid'] !== undefined) throw paramError({ all: "option conflicts with option 'vmid'" });
  if (conf['exclude'] !== undefined && conf['all'] !== '1') throw paramError({ exclude: "option only makes sense in combination with option 'all'" });
  if (conf['all'] !== '1' && conf['vmid'] === undefined && conf['pool'] === undefined) throw pveDie('you need to specify either a list of VMIDs, a pool or all');
}

function assertRootOnly(authid: string, params: Readonly<Record<string, string>>): void {
  for (const key of ['tmpdir', 'dumpdir', 'script']) {
    if (params[key] !== undefined && authid !== 'root@pam') throw paramError({ [key]: 'Only root may set this option.' });
  }
}

export function createJob(sim: Sim, authid: string, params: Readonly<Record<string, string>>, now: number): void {
  assertRootOnly(authid, params);
  const id = params['id'] ?? `backup-${randomUUID().slice(0, 13)}`;
  if (jobs(sim)[id]) throw pveDie(`Job '${id}' already exists`);
  const conf: Record<string, string> = { enabled: '1' };
  for (const [k, v] of Object.entries(params)) if (!NOT_STORED.has(k)) conf[k] = v;
  // the legacy `starttime` + `dow` pair becomes a calendar event
  if (conf['schedule'] === undefined && conf['starttime'] !== undefined) {
    conf['schedule'] = `${conf['dow'] ?? 'mon..sun'} ${conf['starttime']}`;
    delete conf['starttime'];
    delete conf['dow'];
  }
  if (conf['schedule'] === undefined) throw paramError({ schedule: 'property is missing and it is not optional' });
  assertSchedule(conf['schedule']);
  assertSelection(conf);
  jobs(sim)[id] = { config: conf, lastRun: now };
  sim.markDirty();
}

export function updateJob(sim: Sim, authid: string, id: string, params: Readonly<Record<string, string>>): void {
  assertRootOnly(authid, params);
  const job = findJob(sim, id);
  const conf = { ...job.config };
  for (const key of splitList(params['delete'] ?? '')) delete conf[key];
  for (const [k, v] of Object.entries(params)) if (!NOT_STORED.has(k)) conf[k] = v;
  if (conf['schedule'] === undefined) throw paramError({ schedule: 'property is missing and it is not optional' });
  assertSchedule(conf['schedule']);
  assertSelection(conf);
  job.config = conf;
  sim.markDirty();
}

export function deleteJob(sim: Sim, id: string): void {
  findJob(sim, id);
  delete jobs(sim)[id];
  sim.markDirty();
}

/** A job as `GET /cluster/backup` lists it: typed options, `type: vzdump`, `next-run` when enabled. */
export function jobForApi(id: string, job: BackupJobRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id, type: 'vzdump' };
  for (const [k, v] of Object.entries(job.config)) {
    if (k === 'enabled' || k === 'all' || k === 'protected' || k === 'remove' || k === 'repeat-missed') out[k] = Number(v);
    else if (k === 'prune-backups') out[k] = Object.fromEntries(Object.entries(parseRetention(v)).map(([rk, rv]) => [rk, String(rv)]));
    else out[k] = v;
  }
  const next = job.config['enabled'] !== '0' ? nextEvent(parseCalendarEvent(job.config['schedule'] ?? 'daily'), job.lastRun) : undefined;
  if (next !== undefined) out['next-run'] = Math.floor(next / 1000);
  return out;
}

export function listJobs(sim: Sim): Array<Record<string, unknown>> {
  return Object.entries(jobs(sim))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, job]) => jobForApi(id, job));
}

/** `get_included_guests` for a job: the containers it backs up, on any node. */
export function includedGuests(sim: Sim, conf: Readonly<Record<string, string>>): ContainerRecord[] {
  const node = conf['node'];
  const exclude = new Set(splitList(conf['exclude'] ?? '').map(Number));
  // the pool wins over `vmid` and `all`, as there; an unknown pool includes nobody
  const pool = conf['pool'] !== undefined ? (findPool(sim.state, conf['pool'])?.vms ?? []) : undefined;
  const wanted = pool ? new Set(pool) : conf['all'] === '1' ? undefined : new Set(splitList(conf['vmid'] ?? '').map(Number));
  return sim
    .containers()
    .filter((ct) => (wanted ? wanted.has(ct.vmid) : !exclude.has(ct.vmid)))
    .filter((ct) => node === undefined || ct.node === node)
    .sort((a, b) => a.vmid - b.vmid);
}

/** `GET /cluster/backup/{id}/included_volumes`: guests, and which of their volumes are backed up. */
export function includedVolumes(sim: Sim, id: string): { children: Array<Record<string, unknown>> } {
  const job = findJob(sim, id);
  return {
    children: includedGuests(sim, job.config).map((ct) => ({
      id: ct.vmid,
      name: ct.config['hostname'] || `CT${ct.vmid}`,
      type: 'lxc',
      children: Object.keys(ct.config)
        .filter((k) => k === 'rootfs' || /^mp\d+$/.test(k))
        .sort((a, b) => (a === 'rootfs' ? -1 : b === 'rootfs' ? 1 : Number(a.slice(2)) - Number(b.slice(2))))
        .map((key) => {
          const mp = parseMountPoint(key, ct.config[key] ?? '');
          // `mountpoint_backup_enabled`: rootfs always, volume mount points with backup=1
          const [included, reason] = key === 'rootfs' ? [1, 'rootfs'] : mp.type !== 'volume' ? [0, 'not a volume'] : mp.options['backup'] === '1' ? [1, 'enabled'] : [0, 'disabled'];
          return { id: key, name: mp.volume, included, reason };
        }),
    })),
  };
}

/** `GET /cluster/backup-info/not-backed-up`: guests no job includes. */
export function notBackedUp(sim: Sim): Array<Record<string, unknown>> {
  const covered = new Set<number>();
  for (const job of Object.values(jobs(sim))) for (const ct of includedGuests(sim, job.config)) covered.add(ct.vmid);
  return sim
    .containers()
    .filter((ct) => !covered.has(ct.vmid) && ct.config['template'] !== '1')
    .sort((a, b) => a.vmid - b.vmid)
    .map((ct) => ({ vmid: ct.vmid, type: 'lxc', name: ct.config['hostname'] || `CT${ct.vmid}` }));
}

/** One run of a job at `at`: a vzdump task per node holding included guests. */
export function runJob(sim: Sim, id: string, at: number): string[] {
  const job = findJob(sim, id);
  const c = job.config;
  job.lastRun = at;
  const upids: string[] = [];
  for (const node of sim.state.nodes) {
    const vmids = includedGuests(sim, c)
      .filter((ct) => ct.node === node.name)
      .map((ct) => ct.vmid);
    if (vmids.length === 0) continue;
    const task = startVzdump(sim, 'root@pam', node, {
      vmids,
      storage: c['storage'] ?? 'local',
      mode: (c['mode'] as 'snapshot' | 'suspend' | 'stop' | undefined) ?? 'snapshot',
      compress: c['compress'] === '1' ? 'lzo' : (c['compress'] ?? '0'),
      ...(c['notes-template'] !== undefined ? { notesTemplate: c['notes-template'] } : {}),
      protected: c['protected'] === '1',
      remove: c['remove'] !== '0',
      ...(c['prune-backups'] !== undefined ? { pruneBackups: c['prune-backups'] } : {}),
      jobId: id,
      at,
    });
    upids.push(task.upid);
    job.lastUpid = task.upid;
  }
  sim.markDirty();
  return upids;
}

/** pvescheduler's minute tick: every enabled job whose next run is due at `now` runs once. */
export function runDueJobs(sim: Sim, now: number): string[] {
  const upids: string[] = [];
  for (const [id, job] of Object.entries(jobs(sim))) {
    if (job.config['enabled'] === '0') continue;
    const next = nextEvent(parseCalendarEvent(job.config['schedule'] ?? 'daily'), job.lastRun);
    // missed runs are not repeated (`repeat-missed` off): one run, then the schedule goes on from now
    if (next !== undefined && next <= now) {
      upids.push(...runJob(sim, id, next));
      job.lastRun = now;
    }
  }
  return upids;
}
