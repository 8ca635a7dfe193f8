import { randomUUID } from 'node:crypto';
import { paramError, pveDie } from '../http/errors';
import { parseMountPoint } from '../lxc/config-schema';
import { startVzdump } from '../lxc/vzdump';
import { splitList } from '../schema/formats';
import type { Sim } from '../sim';
import { findPool } from '../state/pools';
import { parseRetention } from '../state/prune';
import type { BackupJobRecord, ContainerRecord, VmRecord } from '../state/types';
import { vmBackupVolumes } from '../qemu/vzdump';
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

/** A guest a job includes: a container or a VM, as `PVE::Cluster::get_vmlist` knows it. */
export type IncludedGuest = { type: 'lxc'; vmid: number; node: string; record: ContainerRecord } | { type: 'qemu'; vmid: number; node: string; record: VmRecord };

/** `get_included_guests` for a job: the guests (CTs and VMs) it backs up, on any node. */
export function includedGuests(sim: Sim, conf: Readonly<Record<string, string>>): IncludedGuest[] {
  const node = conf['node'];
  const exclude = new Set(splitList(conf['exclude'] ?? '').map(Number));
  // the pool wins over `vmid` and `all`, as there; an unknown pool includes nobody
  const pool = conf['pool'] !== undefined ? (findPool(sim.state, conf['pool'])?.vms ?? []) : undefined;
  const wanted = pool ? new Set(pool) : conf['all'] === '1' ? undefined : new Set(splitList(conf['vmid'] ?? '').map(Number));
  const guests: IncludedGuest[] = [
    ...sim.containers().map((record) => ({ type: 'lxc' as const, vmid: record.vmid, node: record.node, record })),
    ...sim.vms().map((record) => ({ type: 'qemu' as const, vmid: record.vmid, node: record.node, record })),
  ];
  return guests
    .filter((g) => (wanted ? wanted.has(g.vmid) : !exclude.has(g.vmid)))
    .filter((g) => node === undefined || g.node === node)
    .sort((a, b) => a.vmid - b.vmid);
}

const guestName = (g: IncludedGuest): string => (g.type === 'lxc' ? g.record.config['hostname'] || `CT${g.vmid}` : g.record.config['name'] || `VM${g.vmid}`);

/** `PVE::LXC::Config::get_backup_volumes`: rootfs always, volume mount points with backup=1. */
function ctBackupVolumes(ct: ContainerRecord): Array<Record<string, unknown>> {
  return Object.keys(ct.config)
    .filter((k) => k === 'rootfs' || /^mp\d+$/.test(k))
    .sort((a, b) => (a === 'rootfs' ? -1 : b === 'rootfs' ? 1 : Number(a.slice(2)) - Number(b.slice(2))))
    .map((key) => {
      const mp = parseMountPoint(key, ct.config[key] ?? '');
      const [included, reason] = key === 'rootfs' ? [1, 'rootfs'] : mp.type !== 'volume' ? [0, 'not a volume'] : mp.options['backup'] === '1' ? [1, 'enabled'] : [0, 'disabled'];
      return { id: key, name: mp.volume, included, reason };
    });
}

/** `GET /cluster/backup/{id}/included_volumes`: guests, and which of their volumes are backed up. */
export function includedVolumes(sim: Sim, id: string): { children: Array<Record<string, unknown>> } {
  const job = findJob(sim, id);
  return {
    children: includedGuests(sim, job.config).map((g) => ({
      id: g.vmid,
      name: guestName(g),
      type: g.type,
      children: g.type === 'lxc' ? ctBackupVolumes(g.record) : vmBackupVolumes(g.record.config).map(({ key, volid, included, reason }) => ({ id: key, name: volid, included, reason })),
    })),
  };
}

/** `GET /cluster/backup-info/not-backed-up`: guests (CTs and VMs) no job includes. */
export function notBackedUp(sim: Sim): Array<Record<string, unknown>> {
  const covered = new Set<number>();
  for (const job of Object.values(jobs(sim))) for (const g of includedGuests(sim, job.config)) covered.add(g.vmid);
  return includedGuests(sim, { all: '1' })
    .filter((g) => !covered.has(g.vmid) && g.record.config['template'] !== '1')
    .map((g) => ({ vmid: g.vmid, type: g.type, name: guestName(g) }));
}

/** One run of a job at `at`: a vzdump task per node holding included guests. */
export function runJob(sim: Sim, id: string, at: number): string[] {
  const job = findJob(sim, id);
  const c = job.config;
  job.lastRun = at;
  const upids: string[] = [];
  for (const node of sim.state.nodes) {
    const vmids = includedGuests(sim, c)
      .filter((g) => g.node === node.name)
      .map((g) => g.vmid);
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
