import type { AlertSeverity } from '@kiln/db';

export const SEVERITIES = ['info', 'warning', 'critical'] as const satisfies readonly AlertSeverity[];
const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** A channel takes alerts of its minimum severity and up. */
export const severityAtLeast = (s: AlertSeverity, min: AlertSeverity) => RANK[s] >= RANK[min];

export interface QuietHours {
  /** Local "HH:MM"; start after end wraps midnight (22:00-07:00). Equal: no quiet hours. */
  start: string;
  end: string;
  timeZone: string;
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Minutes since local midnight in the time zone. */
function localMinutes(now: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(now));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * When the quiet hours that hold `now` end (ms), or undefined outside them. A DST change inside
 * the quiet hours moves the end by its hour; the next minute's check is what counts.
 */
export function quietUntil(q: QuietHours, now: number): number | undefined {
  const start = toMinutes(q.start);
  const end = toMinutes(q.end);
  if (start === end) return undefined;
  const m = localMinutes(now, q.timeZone);
  const inside = start < end ? m >= start && m < end : m >= start || m < end;
  if (!inside) return undefined;
  const left = (end - m + 1440) % 1440;
  return now - (now % 60_000) + left * 60_000;
}
