/** One usage sample of a storage: [ms, bytes used]. */
export type StorageSample = readonly [number, number];

/** Kiln keeps one sample per storage every 10 minutes, for 3 days: enough for a trend, small to read each poll. */
export const STORAGE_SAMPLE_EVERY_MS = 10 * 60_000;
export const STORAGE_TREND_WINDOW_MS = 3 * 86_400_000;
/** A trend needs this many samples over at least this long, or one burst would read as a slope. */
const MIN_SAMPLES = 3;
const MIN_SPAN_MS = 30 * 60_000;

/** Adds a sample when the last one is old enough, and forgets those out of the window. */
export function recordSample(samples: readonly StorageSample[], now: number, used: number): StorageSample[] | undefined {
  const last = samples[samples.length - 1];
  if (last && now - last[0] < STORAGE_SAMPLE_EVERY_MS) return undefined;
  return [...samples.filter(([t]) => now - t < STORAGE_TREND_WINDOW_MS), [now, used]];
}

/**
 * Days until the storage is full at the rate it filled over the window (least-squares slope of
 * its samples), or undefined when it is not filling up or there is too little history to tell.
 */
export function daysToFull(samples: readonly StorageSample[], total: number, now: number): number | undefined {
  const recent = samples.filter(([t]) => now - t < STORAGE_TREND_WINDOW_MS);
  if (recent.length < MIN_SAMPLES) return undefined;
  const first = recent[0]!;
  const last = recent[recent.length - 1]!;
  if (last[0] - first[0] < MIN_SPAN_MS) return undefined;
  let sx = 0;
  let sy = 0;
  for (const [t, u] of recent) {
    sx += t - first[0];
    sy += u;
  }
  const mx = sx / recent.length;
  const my = sy / recent.length;
  let num = 0;
  let den = 0;
  for (const [t, u] of recent) {
    const dx = t - first[0] - mx;
    num += dx * (u - my);
    den += dx * dx;
  }
  const perMs = num / den;
  if (!(perMs > 0)) return undefined;
  return Math.max(0, total - last[1]) / perMs / 86_400_000;
}
