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
function runningSeconds(ct: ContainerRecord, from: number, to: number, nowMs: number): number {
  let sum = 0;
  for (const [s, e] of ct.runs) sum += overlap(from, to, s / 1000, (e ?? nowMs) / 1000);
  return sum;
}

const round = (v: number, digits = 6): number => Number(v.toFixed(digits));

/**
 * Container RRD points. Like rrdtool with xff 0.5, a bucket less than half covered by data has
 * only `time`; a bucket mostly stopped has just the values pvestatd writes for stopped guests.
 */
export function containerRrd(ct: ContainerRecord | undefined, vmid: number, node: NodeRecord | undefined, timeframe: string, cf: string, nowMs: number): RrdPoint[] {
  if (!ct || ct.firstSampleAt === undefined) {
    throw pveDie(`RRD error: opening '/var/lib/rrdcached/db/pve-vm-9.0/${vmid}': No such file or directory`);
  }
  const facts = containerFacts(ct, node);
  const { reso, times } = buckets(timeframe, nowMs);
  const since = ct.firstSampleAt / 1000;
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
    point['disk'] = diskUsed(ct.vmid, facts.maxdisk);
    const load = containerLoad(ct.vmid, t + reso / 2, facts.maxmem);
    point['cpu'] = round(Math.min(1, load.cpu * peak));
    point['mem'] = Math.round(load.mem * (cf === 'MAX' ? 1.05 : 1));
    point['memhost'] = Math.round(load.mem * 1.02);
    point['netin'] = round(load.netinRate * peak, 2);
    point['netout'] = round(load.netoutRate * peak, 2);
    point['diskread'] = round(load.diskreadRate * peak, 2);
    point['diskwrite'] = round(load.diskwriteRate * peak, 2);
    point['pressurecpusome'] = round(load.pressure);
    point['pressurecpufull'] = round(load.pressure / 2);
    point['pressureiosome'] = round(load.pressure / 3);
    point['pressureiofull'] = round(load.pressure / 4);
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
    return {
      time: t,
      loadavg: round(s.loadavg * peak, 2),
      maxcpu: node.cpus,
      cpu: round(Math.min(1, s.cpu * peak)),
      iowait: round(0.002 + 0.01 * unit(node.name, 'io', t)),
      memtotal: node.memTotal,
      memused: s.mem,
      memavailable: node.memTotal - s.mem,
      swaptotal: 8 * 1024 ** 3,
      swapused: Math.round(0.01 * 1024 ** 3),
      roottotal: node.rootTotal,
      rootused: rootUsed,
      netin: round(s.netin * peak, 2),
      netout: round(s.netout * peak, 2),
      arcsize: 0,
      pressurecpusome: round(s.cpu * 0.1),
      pressureiosome: round(0.01),
      pressureiofull: round(0.005),
      pressurememorysome: 0,
      pressurememoryfull: 0,
    };
  });
}
