/**
 * When a weekly update window comes next: weekdays and a local time in an IANA time zone
 * (a homelab thinks "Sunday 03:00 here", not in UTC). Daylight saving time moves the UTC
 * instant; a local time skipped by a spring-forward runs at the same wall-clock offset as
 * before the jump (an hour later), and a repeated one runs once.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `ts` in `timeZone`. */
function localParts(ts: number, timeZone: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ts))
      .map((x) => [x.type, Number(x.value)]),
  );
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour!, mi: p.minute!, s: p.second! };
}

/** Local time minus UTC at `ts`, in ms. */
function offsetAt(ts: number, timeZone: string): number {
  const l = localParts(ts, timeZone);
  return Date.UTC(l.y, l.m - 1, l.d, l.h, l.mi, l.s) - Math.floor(ts / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in `timeZone`. */
export function zonedTime(y: number, m: number, d: number, minuteOfDay: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  // The offsets around that day (DST changes at night; 12 h either side reach past it).
  const before = offsetAt(guess - 12 * 3600_000, timeZone);
  const after = offsetAt(guess + 12 * 3600_000, timeZone);
  const valid = [...new Set([guess - before, guess - after])].filter((t) => offsetAt(t, timeZone) === guess - t);
  // A repeated time (fall-back) has two instants: the first. A skipped one (spring-forward) has none: the offset before the jump.
  return valid.length > 0 ? Math.min(...valid) : guess - before;
}

/** The first window strictly after `after`, or null when no weekday is chosen. */
export function nextOccurrence(days: readonly number[], minuteOfDay: number, timeZone: string, after: Date): Date | null {
  if (days.length === 0) return null;
  const today = localParts(after.getTime(), timeZone);
  for (let i = 0; i <= 8; i++) {
    const day = new Date(Date.UTC(today.y, today.m - 1, today.d + i));
    if (!days.includes(day.getUTCDay())) continue;
    const at = zonedTime(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), minuteOfDay, timeZone);
    if (at > after.getTime()) return new Date(at);
  }
  return null;
}

/** "03:00" → 180. */
export const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** 180 → "03:00". */
export const hhmmOf = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** "Sun, Wed at 03:00 (Europe/Berlin)"; every day reads "Daily". */
export function describeWindow(days: readonly number[], minuteOfDay: number, timeZone: string): string {
  const which =
    days.length === 7
      ? 'Daily'
      : [...days]
          .sort((a, b) => a - b)
          .map((d) => WEEKDAYS[d]!.slice(0, 3))
          .join(', ');
  return `${which} at ${hhmmOf(minuteOfDay)} (${timeZone})`;
}
