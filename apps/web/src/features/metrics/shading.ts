import type { AlertPeriod } from '@kiln/services';

/** One shaded band of a chart (ms epoch), possibly several overlapping alerts merged. */
export interface ShadedArea {
  x1: number;
  x2: number;
  /** An alert of the band is still open (the band reaches "now"). */
  open: boolean;
  titles: string[];
}

/**
 * The time span a chart shows: from its first sample to its last, or on to `now` when an alert
 * period reaches past the last sample (PVE's newest bucket is a minute or more old, and an alert
 * that fired since must still show).
 */
export function visibleRange(points: readonly { t: number }[], periods: readonly AlertPeriod[], now: number): { from: number; to: number } | null {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return null;
  const reachesPast = periods.some((p) => (p.to ?? now) > last.t && (p.to ?? now) >= first.t && p.from <= now);
  return { from: first.t, to: reachesPast ? Math.max(now, last.t) : last.t };
}

/** A band is at least this share of the range wide: an alert of a few seconds on a year's chart still shows. */
export const MIN_BAND = 0.005;

/**
 * The bands to shade for alert periods within `range`: each period clipped to the range (an open
 * one runs to `now`), those wholly outside dropped, overlapping or touching ones merged so that
 * two alerts at once do not shade twice as dark; narrow bands widened to MIN_BAND of the range
 * (backwards from their end, staying inside the range).
 */
export function shadedAreas(periods: readonly AlertPeriod[], range: { from: number; to: number }, now: number): ShadedArea[] {
  const clipped = periods
    .map((p) => ({ x1: Math.max(p.from, range.from), x2: Math.min(p.to ?? now, range.to), open: p.to === null, title: p.title }))
    .filter((a) => a.x2 >= a.x1 && a.x1 <= range.to && a.x2 >= range.from)
    .sort((a, b) => a.x1 - b.x1);
  const out: ShadedArea[] = [];
  for (const a of clipped) {
    const prev = out[out.length - 1];
    if (prev && a.x1 <= prev.x2) {
      prev.x2 = Math.max(prev.x2, a.x2);
      prev.open ||= a.open;
      prev.titles.push(a.title);
    } else out.push({ x1: a.x1, x2: a.x2, open: a.open, titles: [a.title] });
  }
  const min = (range.to - range.from) * MIN_BAND;
  for (const a of out) {
    if (a.x2 - a.x1 >= min) continue;
    a.x1 = Math.max(range.from, a.x2 - min);
    a.x2 = Math.min(range.to, a.x1 + min);
  }
  return out;
}
