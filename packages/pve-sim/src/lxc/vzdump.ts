import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { volumeFile } from '../api/volumes';
import { paramError, pveDie } from '../http/errors';
import { splitList } from '../schema/formats';
import type { Sim } from '../sim';
import { findPool } from '../state/pools';
import { requireStorage } from '../state/storage';
import { parseRetention, pruneMark } from '../state/prune';
import type { NodeRecord, TaskRecord } from '../state/types';
import { configFileText } from './config-schema';
import { canSnapshot } from './snapshot';
import { startContainerNow, stopContainerNow } from './power';
import { backupVm } from '../qemu/vzdump';

const run = promisify(execFile);

/**
 * `POST /nodes/{node}/vzdump` (pve-manager's VZDump.pm + PVE::VZDump::LXC) for containers (VMs: qemu/vzdump.ts). The
 * archive is real: a tar of the root filesystem with the config at `./etc/vzdump/pct.conf`,
 * compressed with zstd (or gzip), named like vzdump names it, in the storage's `dump/` directory,
 * with the task log copied to `.log` and the notes to `.notes` beside it.
 */

export interface VzdumpOptions {
  vmids: number[];
  storage: string;
  mode: 'snapshot' | 'suspend' | 'stop';
  compress: string;
  notesTemplate?: string;
  protected: boolean;
  remove: boolean;
  pruneBackups?: string;
  /** Set by a backup job run (`job-id`); the task then belongs to `root@pam`. */
  jobId?: string;
  /** The scheduled time of a job run (names and dates the archives), else now. */
  at?: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `vzdump-<lxc|qemu>-<vmid>-YYYY_MM_DD-HH_MM_SS` in the node's (UTC) time. */
export function archiveBase(vmid: number, at: Date, type: 'lxc' | 'qemu' = 'lxc'): string {
  const d = `${at.getUTCFullYear()}_${pad(at.getUTCMonth() + 1)}_${pad(at.getUTCDate())}`;
  const t = `${pad(at.getUTCHours())}_${pad(at.getUTCMinutes())}_${pad(at.getUTCSeconds())}`;
  return `vzdump-${type}-${vmid}-${d}-${t}`;
}

const EXT: Record<string, string> = { zstd: '.tar.zst', gzip: '.tar.gz', '0': '.tar' };

/** `{{guestname}}` and friends, as `PVE::VZDump::generate_notes` expands them. */
export function notesFrom(template: string, guest: { vmid: number; node: string; name: string }, clusterName: string): string {
  const vars: Record<string, string> = { cluster: clusterName, guestname: guest.name, node: guest.node, vmid: String(guest.vmid) };
  return template.replace(/\\n/g, '\n').replace(/\{\{(\w+)\}\}/g, (all, name: string) => vars[name] ?? all);
}

/** One guest's part of a vzdump task (containers here, VMs in qemu/vzdump.ts): its log, kept for the `.log` beside the archive, and where the archive goes. */
export interface GuestBackup {
  vmid: number;
  type: 'lxc' | 'qemu';
  started: Date;
  base: string;
  ext: string;
  volname: string;
  file: string;
  lines: string[];
  log: (line: string) => void;
}

export const stamp = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 19);

export function startGuestBackup(sim: Sim, node: NodeRecord, vmid: number, type: 'lxc' | 'qemu', exts: Record<string, string>, opts: VzdumpOptions, taskLog: (line: string) => void): GuestBackup {
  const lines: string[] = [];
  const log = (line: string): void => {
    lines.push(`${stamp(new Date())} ${line}`);
    taskLog(line);
  };
  const started = new Date(opts.at ?? Date.now());
  const ext = exts[opts.compress];
  if (!ext) throw new Error(`compression '${opts.compress}' is not available in the Kiln simulator`);
  const base = archiveBase(vmid, started, type);
  const volname = `backup/${base}${ext}`;
  return { vmid, type, started, base, ext, volname, file: volumeFile(sim, node.name, opts.storage, volname), lines, log };
}

/** The end of a guest's backup, the same for both types: notes, protection, the volume, pruning, the closing lines and the guest's log beside the archive. */
export async function finishGuestBackup(sim: Sim, node: NodeRecord, b: GuestBackup, guest: { name: string; size: number }, opts: VzdumpOptions): Promise<void> {
  const { vmid, log } = b;
  const notes = opts.notesTemplate ? notesFrom(opts.notesTemplate, { vmid, node: node.name, name: guest.name }, sim.state.clusterName) : undefined;
  if (notes) {
    log('INFO: adding notes to backup');
    await writeFile(`${b.file}.notes`, notes);
  }
  if (opts.protected) {
    log('INFO: marking backup as protected');
    await writeFile(`${b.file}.protected`, '');
  }
  sim.storage.putFile(node.name, opts.storage, {
    volname: b.volname,
    content: 'backup',
    format: b.ext.slice(1),
    size: guest.size,
    ctime: Math.floor(b.started.getTime() / 1000),
    vmid,
    subtype: b.type,
    ...(notes ? { notes: notes.split('\n')[0] ?? '' } : {}),
    ...(opts.protected ? { protected: true } : {}),
  });
  if (opts.remove) await prune(sim, node, vmid, b.type, opts, log);
  const secs = opts.at === undefined ? Math.max(0, Math.round((Date.now() - b.started.getTime()) / 1000)) : 0;
  log(`INFO: Finished Backup of VM ${vmid} (${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)})`);
  log(`INFO: Backup finished at ${stamp(new Date())}`);
  // the log of this guest's part goes beside the archive, as vzdump writes it
  await writeFile(`${volumeFile(sim, node.name, opts.storage, `backup/${b.base}`)}.log`, b.lines.map((l) => `${l}\n`).join(''));
}

/** `get_resource_pool_guest_members`: the pool's existing guests (CTs and VMs), expanded once at the start. */
export function poolGuests(sim: Sim, poolid: string): number[] {
  const pool = findPool(sim.state, poolid);
  if (!pool) throw pveDie(`pool '${poolid}' does not exist`);
  return pool.vms.filter((v) => sim.container(v) !== undefined || sim.vm(v) !== undefined).sort((a, b) => a - b);
}

/** The API's checks before the worker forks. */
export function vzdumpOptions(sim: Sim, authid: string, node: NodeRecord, params: Readonly<Record<string, string>>): VzdumpOptions {
  for (const key of ['tmpdir', 'dumpdir', 'script', 'job-id']) {
    if (params[key] !== undefined && authid !== 'root@pam') throw paramError({ [key]: 'Only root may set this option.' });
  }
  for (const key of ['bwlimit', 'ionice', 'performance']) if (params[key] !== undefined) sim.acl.check(authid, '/', ['Sys.Modify']);
  const all = params['all'] === '1';
  if (!all && params['vmid'] === undefined && params['pool'] === undefined) throw pveDie('you need to specify parameter vmid, all or pool');
  const pool = params['pool'] !== undefined ? poolGuests(sim, params['pool']) : undefined;
  const exclude = new Set(splitList(params['exclude'] ?? '').map(Number));
  // guests on other nodes are theirs to back up (skipped here); unknown ones fail visibly later
  const onOtherNode = (v: number): boolean => (sim.container(v)?.node ?? sim.vm(v)?.node ?? node.name) !== node.name;
  // `get_included_guests`: a pool wins over `all` and `vmid`
  const vmids = pool
    ? pool.filter((v) => !onOtherNode(v))
    : all
      ? [...sim.containersOn(node.name), ...sim.vmsOn(node.name)]
          .map((g) => g.vmid)
          .filter((v) => !exclude.has(v))
          .sort((a, b) => a - b)
      : splitList(params['vmid'] ?? '')
          .map(Number)
          .filter((v) => !onOtherNode(v));
  // `check_vmids`, then the storage: a clear refusal before anything runs
  for (const vmid of vmids) sim.acl.check(authid, `/vms/${vmid}`, ['VM.Backup']);
  const storage = params['storage'] ?? 'local';
  const def = requireStorage(storage);
  sim.acl.check(authid, `/storage/${storage}`, ['Datastore.AllocateSpace']);
  if (params['prune-backups'] !== undefined) sim.acl.check(authid, `/storage/${storage}`, ['Datastore.Allocate']);
  if (!def.content.includes('backup')) throw pveDie(`storage '${storage}' does not support backups`);
  return {
    vmids,
    storage,
    mode: (params['mode'] as VzdumpOptions['mode'] | undefined) ?? 'snapshot',
    compress: params['compress'] === '1' ? 'lzo' : (params['compress'] ?? '0'),
    ...(params['notes-template'] !== undefined ? { notesTemplate: params['notes-template'] } : {}),
    protected: params['protected'] === '1',
    remove: params['remove'] !== '0',
    ...(params['prune-backups'] !== undefined ? { pruneBackups: params['prune-backups'] } : {}),
  };
}

/** The vzdump worker: one guest after the other, each under `lock: backup` (`set_lock`'s refusal names the guest type). */
export function startVzdump(sim: Sim, authid: string, node: NodeRecord, opts: VzdumpOptions): TaskRecord {
  const locked: number[] = [];
  const refused = new Map<number, string>();
  for (const vmid of opts.vmids) {
    const ct = sim.container(vmid);
    const guest = ct ?? sim.vm(vmid);
    if (!guest || guest.node !== node.name) refused.set(vmid, `unable to find VM ${vmid}`);
    else if (guest.config['lock']) refused.set(vmid, `${ct ? 'CT' : 'VM'} is locked (${guest.config['lock']})`);
    else {
      guest.config['lock'] = 'backup';
      locked.push(vmid);
    }
  }
  sim.markDirty();
  const unlock = (): void => {
    for (const vmid of locked) {
      const guest = sim.container(vmid) ?? sim.vm(vmid);
      if (guest?.config['lock'] === 'backup') delete guest.config['lock'];
    }
    sim.markDirty();
  };
  const cmd = [
    `vzdump ${opts.vmids.join(' ')}`,
    `--storage ${opts.storage}`,
    `--mode ${opts.mode}`,
    `--compress ${opts.compress}`,
    ...(opts.notesTemplate ? [`--notes-template '${opts.notesTemplate}'`] : []),
    `--node ${node.name}`,
    `--remove ${opts.remove ? 1 : 0}`,
  ];
  const task = sim.tasks.start({
    node,
    type: 'vzdump',
    id: opts.vmids.length === 1 ? String(opts.vmids[0]) : '',
    user: authid,
    durationMs: sim.settings.taskMs,
    lines: [`INFO: starting new backup job: ${cmd.join(' ')}`],
    commit: async (log) => {
      let errors = 0;
      try {
        for (const vmid of opts.vmids) {
          const why = refused.get(vmid);
          if (why) {
            log(`ERROR: Backup of VM ${vmid} failed - ${why}`);
            errors++;
            continue;
          }
          try {
            if (sim.vm(vmid)) await backupVm(sim, node, vmid, opts, log);
            else await backupOne(sim, node, vmid, opts, log);
          } catch (err) {
            log(`ERROR: Backup of VM ${vmid} failed - ${err instanceof Error ? err.message.replace(/\n$/, '') : String(err)}`);
            errors++;
          }
        }
      } finally {
        unlock();
      }
      if (errors > 0) throw new Error('job errors');
      log('INFO: Backup job finished successfully');
    },
    rollback: unlock,
  });
  return task;
}

async function backupOne(sim: Sim, node: NodeRecord, vmid: number, opts: VzdumpOptions, taskLog: (line: string) => void): Promise<void> {
  const ct = sim.loadConfig(node.name, vmid);
  const b = startGuestBackup(sim, node, vmid, 'lxc', EXT, opts, taskLog);
  const { log, started, file, base, ext } = b;
  const target = { vmid, rootDir: sim.rootDir(vmid), hostname: ct.config['hostname'] || `CT${vmid}` };

  log(`INFO: Starting Backup of VM ${vmid} (lxc)`);
  log(`INFO: Backup started at ${started.toISOString().replace('T', ' ').slice(0, 19)}`);
  log(`INFO: status = ${ct.status}`);
  log(`INFO: CT Name: ${target.hostname}`);
  log(`INFO: including mount point rootfs ('/') in backup`);
  let mode = opts.mode;
  if (mode === 'snapshot' && !canSnapshot(ct.config)) {
    log('INFO: mode failure - some volumes do not support snapshots');
    log("INFO: trying 'suspend' mode instead");
    mode = 'suspend';
  }
  log(`INFO: backup mode: ${mode}`);
  log('INFO: ionice priority: 7');
  const wasRunning = ct.status === 'running';
  if (mode === 'stop' && wasRunning) {
    log(`INFO: stopping virtual guest`);
    stopContainerNow(sim, ct);
    await sim.sandbox.stopped(target);
  }
  if (mode === 'snapshot') log("INFO: create storage snapshot 'vzdump'");
  log(`INFO: creating vzdump archive '/var/lib/vz/dump/${base}${ext}'`);

  await sim.ensureRootfs(vmid);
  await mkdir(dirname(file), { recursive: true });
  const staging = await mkdtemp(join(sim.settings.dataDir, 'vzdump-'));
  try {
    await mkdir(join(staging, 'etc', 'vzdump'), { recursive: true });
    await writeFile(join(staging, 'etc', 'vzdump', 'pct.conf'), configFileText(withoutLock(ct.config)));
    const compressFlag = opts.compress === 'zstd' ? ['--zstd'] : opts.compress === 'gzip' ? ['--gzip'] : [];
    // vzdump's default excludes (`stdexcludes`), then the tree itself
    await run(
      'tar',
      [
        '-cpf',
        file,
        ...compressFlag,
        '--numeric-owner',
        '--exclude=./tmp/?*',
        '--exclude=./var/tmp/?*',
        '--exclude=./var/run/?*.pid',
        '-C',
        staging,
        './etc/vzdump/pct.conf',
        '-C',
        target.rootDir,
        '--exclude=./etc/vzdump',
        '.',
      ],
      { maxBuffer: 1 << 20 },
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  if (mode === 'stop' && wasRunning) {
    log('INFO: restarting vm');
    startContainerNow(sim, ct);
    await sim.sandbox.started(target);
  }
  if (mode === 'snapshot') log("INFO: cleanup temporary 'vzdump' snapshot");
  const size = (await stat(file)).size;
  log(`INFO: archive file size: ${(size / 1024 / 1024).toFixed(2)}MB`);
  await finishGuestBackup(sim, node, b, { name: target.hostname, size }, opts);
}

function withoutLock(config: Readonly<Record<string, string>>): Record<string, string> {
  const { lock: _lock, ...rest } = config;
  return rest;
}

/** `remove`: prune this guest's backups on the storage with the given (or storage's) retention. */
export async function prune(sim: Sim, node: NodeRecord, vmid: number, type: 'lxc' | 'qemu', opts: VzdumpOptions, log: (line: string) => void): Promise<void> {
  const keep = parseRetention(opts.pruneBackups ?? 'keep-all=1');
  if (keep['keep-all'] || Object.keys(keep).length === 0) return;
  const group = sim.storage
    .volumes(node.name, opts.storage)
    .filter((v) => v.content === 'backup' && v.vmid === vmid && v.subtype === type)
    .map((v) => ({ volid: `${opts.storage}:${v.volname}`, ctime: v.ctime, ...(v.protected ? { protected: true } : {}) }));
  log(`INFO: prune older backups with retention: ${opts.pruneBackups}`);
  let pruned = 0;
  for (const entry of pruneMark(group, keep)) {
    if (entry.mark !== 'remove') continue;
    log(`INFO: removing backup '${entry.volid}'`);
    await removeBackupFiles(sim, node.name, opts.storage, entry.volid.slice(opts.storage.length + 1));
    sim.storage.freeVolume(node.name, entry.volid);
    pruned++;
  }
  log(`INFO: pruned ${pruned} backup(s) not covered by keep-retention policy`);
}

/** `archive_remove`: the archive and its `.notes`, `.log` and `.protected` companions. */
export async function removeBackupFiles(sim: Sim, node: string, storage: string, volname: string): Promise<void> {
  const file = volumeFile(sim, node, storage, volname);
  const logFile = `${file.replace(/\.(tar|vma)(\.\w+)?$/, '')}.log`;
  for (const f of [file, `${file}.notes`, `${file}.protected`, logFile]) await rm(f, { force: true });
}
