import { z } from 'zod';

/**
 * One RRD sample. PVE omits a metric that had no value in that interval (a gap): the key stays
 * absent (undefined), never 0, so charts can draw the gap. Keys differ for guests and nodes.
 */
export interface RrdPoint {
  time: number;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  swap?: number;
  maxswap?: number;
  disk?: number;
  maxdisk?: number;
  netin?: number;
  netout?: number;
  diskread?: number;
  diskwrite?: number;
  [metric: string]: number | undefined;
}

const pointSchema = z.record(z.string(), z.unknown()).transform((raw, ctx): RrdPoint => {
  const time = toNumber(raw['time']);
  if (time === undefined) {
    ctx.addIssue({ code: 'custom', path: ['time'], message: 'RRD point without time' });
    return z.NEVER;
  }
  const point: RrdPoint = { time };
  for (const [key, value] of Object.entries(raw)) {
    const n = toNumber(value);
    if (n !== undefined) point[key] = n; // null, NaN and non-numeric strings are gaps
  }
  return point;
});

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export const rrdDataSchema = z.array(pointSchema);
