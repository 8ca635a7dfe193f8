/**
 * `PVE::Storage::prune_mark_backup_group`: which backups of one guest a `prune-backups` retention
 * keeps. Newest first; `keep-last` keeps the N newest, then each `keep-<period>` keeps the newest
 * backup of each of the N most recent periods not already covered. Protected backups are never
 * removed and do not count.
 */
export interface PruneEntry {
  volid: string;
  ctime: number;
  protected?: boolean;
  mark?: 'keep' | 'remove' | 'protected';
}

export type Retention = Partial<Record<'keep-all' | 'keep-last' | 'keep-hourly' | 'keep-daily' | 'keep-weekly' | 'keep-monthly' | 'keep-yearly', number>>;

/** `prune-backups` property string (`keep-last=2,keep-daily=7`). */
export function parseRetention(value: string | undefined): Retention {
  const out: Retention = {};
  for (const part of (value ?? '').split(',')) {
    const [k, v] = part.split('=');
    if (k && v !== undefined) out[k.trim() as keyof Retention] = Number(v);
  }
  return out;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** ISO 8601 week (`%G/%V`), as strftime gives it. */
function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((t.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}/${pad(week)}`;
}

// the simulated nodes run in UTC
const PERIODS: Array<[keyof Retention, (d: Date) => string]> = [
  ['keep-hourly', (d) => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}`],
  ['keep-daily', (d) => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`],
  ['keep-weekly', isoWeek],
  ['keep-monthly', (d) => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}`],
  ['keep-yearly', (d) => String(d.getUTCFullYear())],
];

function markPeriod(list: PruneEntry[], count: number | undefined, id: (ctime: number) => string): void {
  if (!count) return;
  const already = new Set(list.filter((e) => e.mark === 'keep').map((e) => id(e.ctime)));
  const fresh = new Set<string>();
  for (const e of list) {
    const key = id(e.ctime);
    if (e.mark !== undefined || already.has(key)) continue;
    if (!fresh.has(key)) {
      if (fresh.size >= count) break;
      fresh.add(key);
      e.mark = 'keep';
    } else {
      e.mark = 'remove';
    }
  }
}

/** Marks every entry `keep`, `remove` or `protected`; returns the list newest first. */
export function pruneMark(group: readonly PruneEntry[], keep: Retention): PruneEntry[] {
  const list = group.map((e) => ({ ...e, ...(e.protected ? { mark: 'protected' as const } : {}) })).sort((a, b) => b.ctime - a.ctime);
  const positive = Object.entries(keep).filter(([k, v]) => k !== 'keep-all' && (v ?? 0) > 0);
  if (keep['keep-all'] || positive.length === 0) {
    for (const e of list) e.mark ??= 'keep';
    return list;
  }
  markPeriod(list, keep['keep-last'], (ctime) => String(ctime));
  for (const [key, fmt] of PERIODS) markPeriod(list, keep[key], (ctime) => fmt(new Date(ctime * 1000)));
  for (const e of list) e.mark ??= 'remove';
  return list;
}
