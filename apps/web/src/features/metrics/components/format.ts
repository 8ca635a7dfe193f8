import type { Timeframe } from '@kiln/services';

/** Axis and tooltip labels: clock time for hour/day, dates for week/month, months for a year. Uses the browser’s zone. */
export function timeLabel(t: number, timeframe: Timeframe): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (timeframe === 'hour' || timeframe === 'day') return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (timeframe === 'year') return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function fullTime(t: number): string {
  return new Date(t).toLocaleString();
}

export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export const rate = (n: number) => `${bytes(n)}/s`;
/** Clamped at 0: a slightly negative cpu sample (PVE's clock skew) must not read "-0.0%". */
export const percent = (n: number) => {
  const v = Math.max(0, n);
  return `${v.toFixed(v < 10 ? 1 : 0)}%`;
};
