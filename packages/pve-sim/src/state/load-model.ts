import { unit } from './hash';

/**
 * The simulated workload of a running container: a per-container base level, a slow wave and a
 * little noise per 10-second step, all pure functions of (vmid, time). `/cluster/resources`,
 * the status endpoints and `rrddata` sample the same functions, so they agree with each other.
 */
export interface Load {
  /** Fraction of the container's CPUs in use (0..1), like PVE's `cpu`. */
  cpu: number;
  mem: number;
  netinRate: number;
  netoutRate: number;
  diskreadRate: number;
  diskwriteRate: number;
  pressure: number;
}

interface Profile {
  base: number;
  period: number;
  phase: number;
  memShare: number;
  net: number;
  outShare: number;
  disk: number;
  rootfs: number;
}

const TAU = 2 * Math.PI;
const profiles = new Map<number, Profile>();

/** Per-container constants, hashed once (RRD and node sums evaluate thousands of points). */
function profile(vmid: number): Profile {
  let p = profiles.get(vmid);
  if (!p) {
    p = {
      base: 0.004 + 0.14 * unit(vmid, 'cpu') ** 2,
      period: 1800 + 5400 * unit(vmid, 'period'),
      phase: TAU * unit(vmid, 'phase'),
      memShare: 0.1 + 0.45 * unit(vmid, 'mem'),
      net: 150 + 25_000 * unit(vmid, 'net') ** 2,
      outShare: 0.3 + 0.9 * unit(vmid, 'out'),
      disk: 500 + 60_000 * unit(vmid, 'disk') ** 3,
      rootfs: 0.06 + 0.3 * unit(vmid, 'rootfs'),
    };
    profiles.set(vmid, p);
  }
  return p;
}

const wave = (p: Profile, tSec: number): number => 1 + 0.6 * Math.sin((TAU * tSec) / p.period + p.phase);

export function containerLoad(vmid: number, tSec: number, maxmem: number, withJitter = true): Load {
  const p = profile(vmid);
  const w = wave(p, tSec);
  const jitter = withJitter ? 0.75 + 0.5 * unit(vmid, 'jitter', Math.floor(tSec / 10)) : 1;
  const cpu = Math.min(1, p.base * w * jitter);
  const memShare = p.memShare * (1 + 0.08 * Math.sin((TAU * tSec) / (p.period * 1.7)));
  const net = p.net * w * jitter;
  return {
    cpu,
    mem: Math.round(maxmem * Math.min(0.95, memShare)),
    netinRate: net,
    netoutRate: net * p.outShare,
    diskreadRate: p.disk * w * 0.2,
    diskwriteRate: p.disk * w,
    pressure: Math.min(0.9, cpu * 0.2),
  };
}

/** Mean rates, for cumulative counters (`netin` in `/cluster/resources` is bytes since start). */
export function meanRates(vmid: number): { netin: number; netout: number; diskread: number; diskwrite: number } {
  const p = profile(vmid);
  return { netin: p.net, netout: p.net * p.outShare, diskread: p.disk * 0.2, diskwrite: p.disk };
}

/** Bytes in use on the root disk. */
export function diskUsed(vmid: number, maxdisk: number): number {
  return Math.round(maxdisk * profile(vmid).rootfs);
}

/**
 * The CPU share as pvestatd reports it: the cgroup's usage delta over the wall-clock delta, read
 * at slightly different moments. For a nearly idle container that can come out a hair below zero
 * (`-5.75e-05` on real nodes); the idlest containers here do so in about half their 10 s steps.
 */
export function measuredCpu(vmid: number, cpu: number, tSec: number): number {
  const step = Math.floor(tSec / 10);
  if (unit(vmid, 'cpu') >= 0.2 || unit(vmid, 'skew', step) >= 0.5) return cpu;
  return -Number((0.00002 + 0.00008 * unit(vmid, 'skew-size', step)).toPrecision(3));
}
