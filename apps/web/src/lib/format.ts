export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** PVE reports an idle container's cpu a hair below zero at times (`-5.75e-05`): show 0%, not "-0.0%". */
export function formatPercent(fraction: number | undefined): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return '—';
  const f = Math.max(0, fraction);
  return `${(f * 100).toFixed(f < 0.1 ? 1 : 0)}%`;
}

export function formatUptime(seconds: number | undefined): string {
  if (!seconds) return '—';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m`;
}

export function formatAge(ms: number | null | undefined, now = Date.now()): string {
  if (!ms) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** A time of day as the rest of Kiln shows times: 24-hour UTC, whatever the browser's locale. */
export function formatUtcTime(at: number | string | Date): string {
  return `${new Date(at).toISOString().slice(11, 19)} UTC`;
}

/** A date and time as the audit log shows them (`2026-12-05 22:04:07 UTC`): unambiguous, and the same on server and browser. */
export function formatUtcDateTime(at: number | string | Date): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A stable colour per PVE node name, so node badges are recognisable at a glance (see globals.css). */
const BADGE_COLOURS = ['node-c0', 'node-c1', 'node-c2', 'node-c3', 'node-c4', 'node-c5'];

export function nodeBadgeClass(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return BADGE_COLOURS[h % BADGE_COLOURS.length]!;
}

/** "1 core", "4 cores", "? cores" when unknown. */
export function formatCount(n: number | null | undefined, unit: string): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return `? ${unit}s`;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
