import { pveDie } from '../http/errors';
import { containerFacts } from '../lxc/facts';
import { unit } from './hash';
import { containerLoad, diskUsed } from './load-model';
import type { ContainerRecord, NodeRecord } from './types';

/**
 * `PVE::RRD::create_rrd_data` for the PVE 9 RRD layout (`pve-vm-9.0`, `pve-node-9.0`):
 * [resolution in seconds, number of points] per timeframe, aligned to the resolution.
 */
export const RRD_SETUP: Record<string, readonly [number, number]> = {
  hour: [60, 60],
  day: [60, 1440],
  week: [1800, 336],
  month: [1800, 1440],
  year: [21600, 1440],
  decade: [604800, 570],
};

export type RrdPoint = Record<string, number>;

function buckets(timeframe: string, nowMs: number): { reso: number; times: number[] } {
  const [reso, count] = RRD_SETUP[timeframe] ?? [60, 60];
  const ctime = reso * Math.floor(nowMs / 1000 / reso);
  const start = ctime - reso * count;
  return { reso, times: Array.from({ length: count }, (_v, i) => start + i * reso) };
}

function overlap(from: number, to: number, a: number, b: number): number {
  return Math.max(0, Math.min(to, b) - Math.max(from, a));
}

/** Seconds of [from, to) the container was running. */
function runningSeconds(ct: Pick<ContainerRecord, 'runs'>, from: number, to: number, nowMs: number): number {
  let sum = 0;
  for (const [s, e] of ct.runs) sum += overlap(from, to, s / 1000, (e ?? nowMs) / 1000);
  return sum;
}

const round = (v: number, digits = 6): number => Number(v.toFixed(digits));

/** pvestatd samples about every 10 s; rrdtool averages the samples that fall into a step. */
const SAMPLES_PER_STEP = 5;

/**
 * A byte gauge as rrdtool consolidates it: the mean of a step's integer samples around `base`
 * (each off by up to `spread`/2), printed with Perl's 15 significant digits. So byte counts come
 * out fractional (`"mem": 21046067.2`), as on a real node; clients must not expect integers.
 */
export function stepMean(base: number, spread: number, ...seed: Array<string | number>): number {
  let sum = 0;
  for (let i = 0; i < SAMPLES_PER_STEP; i++) sum += Math.round(base + spread * (unit(...seed, i) - 0.5));
  return Number((sum / SAMPLES_PER_STEP).toPrecision(15));
}

/**
 * Container RRD points. Like rrdtool with xff 0.5, a bucket less than half covered by data has
 * only `time`; a bucket mostly stopped has just the values pvestatd writes for stopped guests.
 */
export function containerRrd(ct: ContainerRecord | undefined, vmid: number, node: NodeRecord | undefined, timeframe: string, cf: string, nowMs: number): RrdPoint[] {
  return guestRrd(ct && { guest: ct, facts: containerFacts(ct, node), qemu: false }, vmid, timeframe, cf, nowMs);
}

/** The run history and sizes RRD points are made of (a container's or a VM's). */
export interface RrdGuest {
  guest: Pick<ContainerRecord, 'vmid' | 'runs' | 'firstSampleAt'>;
  facts: { cpus: number; maxmem: number; maxdisk: number };
  /** pvestatd records `memhost` for QEMU guests, and no root filesystem usage (`disk` stays 0). */
  qemu: boolean;
}

export function guestRrd(g: RrdGuest | undefined, vmid: number, timeframe: string, cf: string, nowMs: number): RrdPoint[] {
  const firstSampleAt = g?.guest.firstSampleAt;
  if (!g || firstSampleAt === undefined) {
    throw pveDie(`RRD error: opening '/var/lib/rrdcached/db/pve-vm-9.0/${vmid}': No such file or directory`);
  }
  const { guest: ct, facts } = g;
  const { reso, times } = buckets(timeframe, nowMs);
  const since = firstSampleAt / 1000;
  const peak = cf === 'MAX' ? 1.35 : 1;
  return times.map((t) => {
    const point: RrdPoint = { time: t };
    const known = overlap(t, t + reso, since, nowMs / 1000);
    if (known < reso / 2) return point;
    point['maxcpu'] = facts.cpus;
    point['maxmem'] = facts.maxmem;
    point['maxdisk'] = facts.maxdisk;
    // vmstatus reports disk usage only for running containers
    point['disk'] = 0;
    if (runningSeconds(ct, t, t + reso, nowMs) < known / 2) return point;
    // a root filesystem's usage moves a little between samples (logs, caches)
    if (!g.qemu) point['disk'] = stepMean(diskUsed(ct.vmid, facts.maxdisk), 256 * 1024, ct.vmid, 'disk', t);
    const load = containerLoad(ct.vmid, t + reso / 2, facts.maxmem);
    point['cpu'] = round(Math.min(1, load.cpu * peak));
    point['mem'] = stepMean(Math.min(facts.maxmem, load.mem * (cf === 'MAX' ? 1.05 : 1)), 2 * 1024 * 1024, ct.vmid, 'mem', t);
    // `memhost`: pvestatd records it for QEMU guests only
    if (g.qemu) point['memhost'] = point['mem'];
    point['netin'] = round(load.netinRate * peak, 2);
    point['netout'] = round(load.netoutRate * peak, 2);
    point['diskread'] = round(load.diskreadRate * peak, 2);
    point['diskwrite'] = round(load.diskwriteRate * peak, 2);
    // PSI averages in percent, like the `avg10` values pvestatd reads
    point['pressurecpusome'] = round(load.pressure * 100, 2);
    point['pressurecpufull'] = round((load.pressure * 100) / 2, 2);
    point['pressureiosome'] = round((load.pressure * 100) / 3, 2);
    point['pressureiofull'] = round((load.pressure * 100) / 4, 2);
    point['pressurememorysome'] = 0;
    point['pressurememoryfull'] = 0;
    return point;
  });
}

export interface NodeSample {
  cpu: number;
  mem: number;
  loadavg: number;
  netin: number;
  netout: number;
}

export interface NodeMember {
  ct: ContainerRecord;
  cpus: number;
  maxmem: number;
}

export function nodeMembers(node: NodeRecord, containers: readonly ContainerRecord[]): NodeMember[] {
  return containers.map((ct) => {
    const facts = containerFacts(ct, node);
    return { ct, cpus: facts.cpus, maxmem: facts.maxmem };
  });
}

/** The node's own load at time `tSec`: a base level plus its running containers. */
export function nodeSample(node: NodeRecord, members: readonly NodeMember[], tSec: number): NodeSample {
  let cpuCores = node.cpus * (0.01 + 0.02 * unit(node.name, 'base', Math.floor(tSec / 60)));
  let mem = 1.6 * 1024 ** 3 + node.memTotal * 0.03;
  let netin = 2000;
  let netout = 1500;
  const tMs = tSec * 1000;
  for (const { ct, cpus, maxmem } of members) {
    if (!ct.runs.some(([s, e]) => s <= tMs && (e === null || e > tMs))) continue;
    const load = containerLoad(ct.vmid, tSec, maxmem, false);
    cpuCores += load.cpu * cpus;
    mem += load.mem;
    netin += load.netinRate;
    netout += load.netoutRate;
  }
  const cpu = Math.min(1, cpuCores / node.cpus);
  return { cpu, mem: Math.min(node.memTotal, Math.round(mem)), loadavg: cpuCores * 1.1, netin, netout };
}

export function nodeRrd(node: NodeRecord | undefined, name: string, containers: readonly ContainerRecord[], timeframe: string, cf: string, nowMs: number, rootUsed: number): RrdPoint[] {
  if (!node) throw pveDie(`RRD error: opening '/var/lib/rrdcached/db/pve-node-9.0/${name}': No such file or directory`);
  const { reso, times } = buckets(timeframe, nowMs);
  const peak = cf === 'MAX' ? 1.3 : 1;
  const members = nodeMembers(node, containers);
  return times.map((t) => {
    const s = nodeSample(node, members, t + reso / 2);
    const memused = stepMean(s.mem, 8 * 1024 * 1024, node.name, 'mem', t);
    return {
      time: t,
      loadavg: round(s.loadavg * peak, 2),
      maxcpu: node.cpus,
      cpu: round(Math.min(1, s.cpu * peak)),
      iowait: round(0.002 + 0.01 * unit(node.name, 'io', t)),
      memtotal: node.memTotal,
      memused,
      memavailable: Number((node.memTotal - memused).toPrecision(15)),
      swaptotal: 8 * 1024 ** 3,
      swapused: stepMean(0.01 * 1024 ** 3, 64 * 1024, node.name, 'swap', t),
      // the root filesystem's size moves with free space on a ZFS root (total = used + avail)
      roottotal: stepMean(node.rootTotal, 64 * 1024, node.name, 'roottotal', t),
      rootused: stepMean(rootUsed, 1024 * 1024, node.name, 'rootused', t),
      netin: round(s.netin * peak, 2),
      netout: round(s.netout * peak, 2),
      arcsize: 0,
      pressurecpusome: round(s.cpu * 10, 2),
      pressureiosome: 1,
      pressureiofull: 0.5,
      pressurememorysome: 0,
      pressurememoryfull: 0,
    };
  });
}
