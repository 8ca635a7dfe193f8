import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { finishGuestBackup, stamp, startGuestBackup, type VzdumpOptions } from '../lxc/vzdump';
import { parseSize } from '../schema/formats';
import type { Sim } from '../sim';
import type { NodeRecord } from '../state/types';
import { vmFacts, vmConfigText } from './facts';
import { vmDrives } from './snapshot';

const run = promisify(execFile);

/**
 * vzdump of a VM (`PVE::VZDump::QemuServer`): a `.vma` archive, compressed with zstd or gzip.
 * The simulator runs no QEMU, so the archive holds what a restore needs of it: the VMA magic and
 * the `qemu-server.conf` blob (no disk images); the task log reads like PVE's.
 */

const EXT: Record<string, string> = { zstd: '.vma.zst', gzip: '.vma.gz', '0': '.vma' };
const MAGIC = 'VMA\0';

const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

/** `valid_drive_names` order, as `foreach_volume` visits a VM's disks. */
const DRIVE_ORDER = ['ide', 'sata', 'scsi', 'virtio', 'efidisk', 'tpmstate'];
const driveRank = (key: string): number => {
  const [, bus = '', n = '0'] = /^([a-z]+)(\d+)$/.exec(key) ?? [];
  return DRIVE_ORDER.indexOf(bus) * 100 + Number(n);
};

export interface BackupVolume {
  key: string;
  volid: string;
  included: 0 | 1;
  reason: string;
}

/**
 * `PVE::QemuConfig::get_backup_volumes`: every disk but CD-ROMs; `backup=0` leaves one out, and
 * an EFI disk without OVMF. The reason texts are PVE's own, `backup=no` whenever the option is
 * set at all (even to 1), `backup=yes` otherwise.
 */
export function vmBackupVolumes(conf: Readonly<Record<string, string>>): BackupVolume[] {
  return vmDrives(conf)
    .sort((a, b) => driveRank(a.key) - driveRank(b.key))
    .map(({ key, volid }) => {
      const backup = /(?:^|,)backup=([^,]*)/.exec(conf[key] ?? '')?.[1];
      if (key.startsWith('efidisk') && conf['bios'] !== 'ovmf') return { key, volid, included: 0, reason: 'efidisk but no OMVF BIOS' };
      const included = backup === undefined || ['1', 'yes', 'on', 'true'].includes(backup) ? 1 : 0;
      return { key, volid, included, reason: `backup=${backup === undefined ? 'yes' : 'no'}` };
    });
}

/** Writes `text` as the archive, compressed like vzdump's `--compress`. */
async function writeArchive(file: string, text: string, compress: string): Promise<void> {
  if (compress === '0') return writeFile(file, text);
  await writeFile(`${file}.tmp`, text);
  const tool = compress === 'zstd' ? ['zstd', ['-q', '-f', '--rm', '-o', file, `${file}.tmp`]] : ['sh', ['-c', 'gzip -c "$1" > "$2" && rm -f "$1"', 'sh', `${file}.tmp`, file]];
  await run(tool[0] as string, tool[1] as string[], { maxBuffer: 1 << 20 });
}

/** The config blob of a VMA archive (as `vma config` prints it); throws on anything else. */
export async function readVmaConfig(file: string): Promise<string> {
  const raw = file.endsWith('.zst')
    ? (await run('zstd', ['-q', '-d', '-c', file], { encoding: 'buffer', maxBuffer: 1 << 24 })).stdout
    : file.endsWith('.gz')
      ? (await run('gzip', ['-d', '-c', file], { encoding: 'buffer', maxBuffer: 1 << 24 })).stdout
      : await readFile(file);
  const text = raw.toString('utf8');
  if (!text.startsWith(MAGIC)) throw new Error(`unable to parse archive '${file}' - wrong magic`);
  return text.slice(MAGIC.length);
}

export async function backupVm(sim: Sim, node: NodeRecord, vmid: number, opts: VzdumpOptions, taskLog: (line: string) => void): Promise<void> {
  const vm = sim.loadVmConfig(node.name, vmid);
  const b = startGuestBackup(sim, node, vmid, 'qemu', EXT, opts, taskLog);
  const { log, started, file, base, ext } = b;
  const facts = vmFacts(vm);
  const volumes = vmBackupVolumes(vm.config);
  const sizeOf = (key: string): number => parseSize(/(?:^|,)size=([^,]+)/.exec(vm.config[key] ?? '')?.[1] ?? '0') ?? 0;
  const total = volumes.reduce((sum, d) => sum + (d.included ? sizeOf(d.key) : 0), 0);

  log(`INFO: Starting Backup of VM ${vmid} (qemu)`);
  log(`INFO: Backup started at ${stamp(started)}`);
  log(`INFO: status = ${vm.status}`);
  log(`INFO: VM Name: ${facts.name}`);
  for (const d of volumes) {
    if (d.included) log(`INFO: include disk '${d.key}' '${d.volid}' ${gib(sizeOf(d.key)).replace('.0 GiB', 'G')}`);
    else log(`INFO: exclude disk '${d.key}' '${d.volid}' (${d.reason})`);
  }
  const running = vm.status === 'running';
  log(`INFO: backup mode: ${opts.mode}`);
  log('INFO: ionice priority: 7');
  log(`INFO: creating vzdump archive '/var/lib/vz/dump/${base}${ext}'`);
  if (!running) log('INFO: starting kvm to execute backup task');
  else if (opts.mode === 'suspend') log('INFO: suspending guest');
  else if (opts.mode === 'stop') log('INFO: stopping virtual guest');
  if (running && opts.mode === 'snapshot' && vm.config['agent'] && vm.agentRunning) {
    log("INFO: issuing guest-agent 'fs-freeze' command");
    log("INFO: issuing guest-agent 'fs-thaw' command");
  }
  if (running && opts.mode === 'suspend') log('INFO: resuming VM again');
  log(`INFO: 100% (${gib(total)} of ${gib(total)}) in 1s, read: ${gib(total)}/s, write: 0 B/s`);

  await mkdir(dirname(file), { recursive: true });
  const { lock: _lock, ...config } = vm.config;
  await writeArchive(file, MAGIC + vmConfigText(config), opts.compress);
  if (!running) log('INFO: stopping kvm after backup task');
  const size = (await stat(file)).size;
  log(`INFO: transferred ${gib(total)} in 1 seconds`);
  log(`INFO: archive file size: ${(size / 1024 / 1024).toFixed(2)}MB`);
  await finishGuestBackup(sim, node, b, { name: facts.name, size }, opts);
}
