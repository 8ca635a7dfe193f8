import type { RrdPoint } from '@kiln/pve';

/**
 * Chart-ready metric series from PVE's rrddata. A value PVE did not record (a gap: the container
 * did not exist yet, was stopped, or pvestatd missed a sample) stays `null`, never 0, so charts
 * draw a break instead of a false drop to zero.
 */
export interface MetricPoint {
  /** ms epoch */
  t: number;
  /** CPU use, 0..1 of the allowed cores. */
  cpu: number | null;
  mem: number | null;
  maxmem: number | null;
  /** bytes per second */
  netin: number | null;
  netout: number | null;
  diskread: number | null;
  diskwrite: number | null;
}

export const TIMEFRAMES = ['hour', 'day', 'week', 'month', 'year'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

/**
 * How far back each timeframe reaches: PVE 9's `create_rrd_data` (pve-vm-9.0 / pve-node-9.0)
 * answers resolution x points, e.g. `year` is 1440 points of 6 hours (360 days).
 */
export const TIMEFRAME_SECONDS: Record<Timeframe, number> = {
  hour: 60 * 60,
  day: 60 * 1440,
  week: 1800 * 336,
  month: 1800 * 1440,
  year: 21600 * 1440,
};

/** More points than a chart is wide add bytes, not information. */
export const MAX_POINTS = 360;

const val = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

/** Guests report `mem`/`maxmem`; nodes `memused`/`memtotal`. Nodes have no disk rates. */
export function toMetricPoints(points: readonly RrdPoint[]): MetricPoint[] {
  return points
    .map((p) => ({
      t: p.time * 1000,
      cpu: val(p.cpu),
      mem: val(p.mem ?? p['memused']),
      maxmem: val(p.maxmem ?? p['memtotal']),
      netin: val(p.netin),
      netout: val(p.netout),
      diskread: val(p.diskread),
      diskwrite: val(p.diskwrite),
    }))
    .sort((a, b) => a.t - b.t);
}

const KEYS = ['cpu', 'mem', 'maxmem', 'netin', 'netout', 'diskread', 'diskwrite'] as const;

/**
 * Averages runs of `factor` consecutive points. A value averages only the samples that exist; a
 * bucket where every sample is a gap stays a gap.
 */
export function downsample(points: readonly MetricPoint[], max = MAX_POINTS): MetricPoint[] {
  if (points.length <= max) return [...points];
  const factor = Math.ceil(points.length / max);
  const out: MetricPoint[] = [];
  for (let i = 0; i < points.length; i += factor) {
    const group = points.slice(i, i + factor);
    const p: MetricPoint = { t: group[0]!.t, cpu: null, mem: null, maxmem: null, netin: null, netout: null, diskread: null, diskwrite: null };
    for (const k of KEYS) {
      const present = group.map((g) => g[k]).filter((v): v is number => v !== null);
      p[k] = present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
    }
    out.push(p);
  }
  return out;
}

/** Which series have any data at all (a chart of nothing but gaps says "no data" instead). */
export function presentSeries(points: readonly MetricPoint[]): Record<(typeof KEYS)[number], boolean> {
  const has = Object.fromEntries(KEYS.map((k) => [k, false])) as Record<(typeof KEYS)[number], boolean>;
  for (const p of points) for (const k of KEYS) if (p[k] !== null) has[k] = true;
  return has;
}
