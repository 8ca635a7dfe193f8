/**
 * PVE calendar events (`pve-calendar-event`, proxmox-time's systemd-like syntax), the part backup
 * jobs use: `[WEEKDAYS] [HOURS:]MINUTES` with lists (`2,22:30`), ranges (`mon..fri`, `8..17`) and
 * repetitions (`*\/15`, `0/20`), and the shortcuts `minutely`, `hourly`, `daily`, `weekly`,
 * `monthly`, `yearly`/`annually`, `quarterly`, `semiannually`. A single time value is minutes.
 * Date parts (`2025-*-01`) are not supported. The simulated nodes run in UTC.
 */
export interface CalendarEvent {
  /** 0 = Sunday, as `Date.getUTCDay`. */
  days: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  minutes: ReadonlySet<number>;
  /** Month days / months for the monthly-ish shortcuts (undefined: any). */
  monthDays?: ReadonlySet<number>;
  months?: ReadonlySet<number>;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const range = (from: number, to: number, step = 1): number[] => {
  const out: number[] = [];
  for (let i = from; i <= to; i += step) out.push(i);
  return out;
};

export class CalendarEventError extends Error {}

function parseDays(spec: string): Set<number> {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const [a, b] = part.split('..');
    const from = DAYS.indexOf((a ?? '').slice(0, 3).toLowerCase());
    const to = b === undefined ? from : DAYS.indexOf(b.slice(0, 3).toLowerCase());
    if (from < 0 || to < 0) throw new CalendarEventError(`invalid weekday '${part}'`);
    // `fri..mon` wraps over the weekend
    for (let d = from; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === to) break;
    }
  }
  return out;
}

function parseField(spec: string, max: number): Set<number> {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    let m: RegExpExecArray | null;
    if (part === '*') range(0, max).forEach((v) => out.add(v));
    else if ((m = /^(\*|\d+)\/(\d+)$/.exec(part))) {
      const step = Number(m[2]);
      if (step <= 0) throw new CalendarEventError(`invalid repetition '${part}'`);
      range(m[1] === '*' ? 0 : Number(m[1]), max, step).forEach((v) => out.add(v));
    } else if ((m = /^(\d+)\.\.(\d+)$/.exec(part))) range(Number(m[1]), Number(m[2])).forEach((v) => out.add(v));
    else if (/^\d+$/.test(part)) out.add(Number(part));
    else throw new CalendarEventError(`invalid time spec '${part}'`);
  }
  for (const v of out) if (v > max) throw new CalendarEventError(`value ${v} out of range`);
  return out;
}

const ALL_DAYS = new Set(range(0, 6));

const SHORTCUTS: Record<string, string> = {
  minutely: '*:*',
  hourly: '*:0',
  daily: '0:0',
  weekly: 'mon 0:0',
};

export function parseCalendarEvent(text: string): CalendarEvent {
  const event = text.trim().toLowerCase();
  if (event === 'monthly') return { days: ALL_DAYS, hours: new Set([0]), minutes: new Set([0]), monthDays: new Set([1]) };
  if (event === 'yearly' || event === 'annually') return { days: ALL_DAYS, hours: new Set([0]), minutes: new Set([0]), monthDays: new Set([1]), months: new Set([0]) };
  if (event === 'quarterly') return { days: ALL_DAYS, hours: new Set([0]), minutes: new Set([0]), monthDays: new Set([1]), months: new Set([0, 3, 6, 9]) };
  if (event === 'semiannually') return { days: ALL_DAYS, hours: new Set([0]), minutes: new Set([0]), monthDays: new Set([1]), months: new Set([0, 6]) };
  const words = (SHORTCUTS[event] ?? event).split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 2) throw new CalendarEventError(`unable to parse calendar event '${text}'`);
  let days: Set<number> = ALL_DAYS;
  if (/^[a-z]/.test(words[0] ?? '')) days = parseDays(words.shift() ?? '');
  const time = words[0];
  if (words.length > 1) throw new CalendarEventError(`unable to parse calendar event '${text}'`);
  if (time === undefined) return { days, hours: new Set([0]), minutes: new Set([0]) };
  const parts = time.split(':');
  if (parts.length > 2) throw new CalendarEventError('seconds are not supported');
  const [h, m] = parts.length === 2 ? [parts[0] ?? '', parts[1] ?? ''] : ['*', parts[0] ?? ''];
  return { days, hours: parseField(h, 23), minutes: parseField(m, 59) };
}

/** The first minute strictly after `afterMs` that matches (undefined if none within ~4 years). */
export function nextEvent(event: CalendarEvent, afterMs: number): number | undefined {
  const start = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  const hours = [...event.hours].sort((a, b) => a - b);
  const minutes = [...event.minutes].sort((a, b) => a - b);
  for (let i = 0; i < 1500; i++, day.setUTCDate(day.getUTCDate() + 1)) {
    if (!event.days.has(day.getUTCDay())) continue;
    if (event.monthDays && !event.monthDays.has(day.getUTCDate())) continue;
    if (event.months && !event.months.has(day.getUTCMonth())) continue;
    for (const h of hours) {
      for (const m of minutes) {
        const at = day.getTime() + h * 3_600_000 + m * 60_000;
        if (at >= start.getTime()) return at;
      }
    }
  }
  return undefined;
}
