/**
 * PVE calendar events (`pve-calendar-event`, proxmox-time's systemd-like syntax) as backup jobs
 * use them: `[WEEKDAYS] [[YEAR-]MONTH-DAY] [HOURS:]MINUTES` with lists (`2,22:30`), ranges
 * (`mon..fri`, `8..17`, `*-1..7`) and repetitions (`*\/15`, `0/20`), and the shortcuts `minutely`,
 * `hourly`, `daily`, `weekly`, `monthly`, `yearly`/`annually`, `quarterly`, `semiannually`. A
 * single time value is minutes. Seconds and time zones are not supported.
 *
 * Times are computed in UTC: the Kiln simulator runs in UTC, and Kiln cannot read a real node's
 * time zone, so previews say so. Shared by the simulator's scheduler and Kiln's schedule editor.
 */
export interface CalendarEvent {
  /** 0 = Sunday, as `Date.getUTCDay`. */
  days: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  minutes: ReadonlySet<number>;
  /** Days of the month, 1-31 (undefined: any). */
  monthDays?: ReadonlySet<number>;
  /** Months, 0-11 as `Date.getUTCMonth` (undefined: any). */
  months?: ReadonlySet<number>;
  /** Years (undefined: any). */
  years?: ReadonlySet<number>;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const range = (from: number, to: number, step = 1): number[] => {
  const out: number[] = [];
  for (let i = from; i <= to; i += step) out.push(i);
  return out;
};

export class CalendarEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarEventError';
  }
}

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

/** One numeric field: `*`, `5`, `1,3`, `8..17`, `*\/15`, `0/20`, `8..17/2`. */
function parseField(spec: string, min: number, max: number, what: string): Set<number> {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    let m: RegExpExecArray | null;
    if (part === '*') range(min, max).forEach((v) => out.add(v));
    else if ((m = /^(\*|\d+)(?:\.\.(\d+))?\/(\d+)$/.exec(part))) {
      const step = Number(m[3]);
      if (step <= 0) throw new CalendarEventError(`invalid repetition '${part}'`);
      range(m[1] === '*' ? min : Number(m[1]), m[2] === undefined ? max : Number(m[2]), step).forEach((v) => out.add(v));
    } else if ((m = /^(\d+)\.\.(\d+)$/.exec(part))) range(Number(m[1]), Number(m[2])).forEach((v) => out.add(v));
    else if (/^\d+$/.test(part)) out.add(Number(part));
    else throw new CalendarEventError(`invalid ${what} '${part}'`);
  }
  for (const v of out) if (v > max || v < min) throw new CalendarEventError(`${what} ${v} out of range`);
  return out;
}

const ALL_DAYS: ReadonlySet<number> = new Set(range(0, 6));
const MIDNIGHT = { hours: new Set([0]), minutes: new Set([0]) };

const SHORTCUTS: Record<string, string> = {
  minutely: '*:*',
  hourly: '*:0',
  daily: '0:0',
  weekly: 'mon 0:0',
  monthly: '*-*-01 0:0',
  yearly: '*-01-01 0:0',
  annually: '*-01-01 0:0',
  quarterly: '*-01,04,07,10-01 0:0',
  semiannually: '*-01,07-01 0:0',
};

/** `[YEAR-]MONTH-DAY`: `*-05`, `*-1..7`, `2026-12-24`, `*-*-01`. */
function parseDate(spec: string): Pick<CalendarEvent, 'monthDays' | 'months' | 'years'> {
  const parts = spec.split('-');
  if (parts.length < 2 || parts.length > 3) throw new CalendarEventError(`invalid date '${spec}'`);
  const [year, month, day] = parts.length === 3 ? parts : ['*', ...parts];
  return {
    ...(year !== '*' ? { years: parseField(year ?? '', 1970, 9999, 'year') } : {}),
    ...(month !== '*' ? { months: new Set([...parseField(month ?? '', 1, 12, 'month')].map((m) => m - 1)) } : {}),
    ...(day !== '*' ? { monthDays: parseField(day ?? '', 1, 31, 'day') } : {}),
  };
}

export function parseCalendarEvent(text: string): CalendarEvent {
  const event = text.trim().toLowerCase();
  const words = (SHORTCUTS[event] ?? event).split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 3) throw new CalendarEventError(`unable to parse calendar event '${text}'`);
  let days: ReadonlySet<number> = ALL_DAYS;
  if (/^[a-z]/.test(words[0] ?? '')) days = parseDays(words.shift() ?? '');
  let date: Pick<CalendarEvent, 'monthDays' | 'months' | 'years'> = {};
  if (words[0]?.includes('-')) date = parseDate(words.shift() ?? '');
  if (words.length > 1) throw new CalendarEventError(`unable to parse calendar event '${text}'`);
  const time = words[0];
  // A weekday or a date alone means midnight of that day.
  if (time === undefined) return { days, ...MIDNIGHT, ...date };
  const parts = time.split(':');
  if (parts.length > 2) throw new CalendarEventError('seconds are not supported');
  const [h, m] = parts.length === 2 ? [parts[0] ?? '', parts[1] ?? ''] : ['*', parts[0] ?? ''];
  return { days, hours: parseField(h, 0, 23, 'hour'), minutes: parseField(m, 0, 59, 'minute'), ...date };
}

/** Whether `text` is a calendar event PVE (and Kiln) can read; the reason when not. */
export function checkCalendarEvent(text: string): string | undefined {
  try {
    parseCalendarEvent(text);
    return undefined;
  } catch (e) {
    if (e instanceof CalendarEventError) return e.message;
    throw e;
  }
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
    if (event.years && !event.years.has(day.getUTCFullYear())) continue;
    for (const h of hours) {
      for (const m of minutes) {
        const at = day.getTime() + h * 3_600_000 + m * 60_000;
        if (at >= start.getTime()) return at;
      }
    }
  }
  return undefined;
}

/** The next `count` run times after `afterMs` (fewer when the event stops matching). */
export function nextEvents(event: CalendarEvent, afterMs: number, count: number): number[] {
  const out: number[] = [];
  let at: number | undefined = afterMs;
  while (out.length < count && (at = nextEvent(event, at)) !== undefined) out.push(at);
  return out;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const sorted = (s: ReadonlySet<number>): number[] => [...s].sort((a, b) => a - b);

/** `1..5` -> "Monday to Friday"; `{1,3,5}` -> "Monday, Wednesday and Friday". */
function listWords(values: number[], name: (v: number) => string): string {
  const contiguous = values.length > 2 && values.every((v, i) => i === 0 || v === (values[i - 1] ?? 0) + 1);
  if (contiguous) return `${name(values[0] ?? 0)} to ${name(values.at(-1) ?? 0)}`;
  const names = values.map(name);
  return names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

function describeDays(days: ReadonlySet<number>): string {
  if (days.size === 7) return 'every day';
  const list = sorted(days);
  if (list.join() === '0,6') return 'Saturday and Sunday';
  return listWords(list, (d) => DAY_NAMES[d] ?? '');
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

/** "at 02:00", "every 15 minutes", "at minutes 30, 40 and 50 of every hour", ... */
function describeTimes(hours: ReadonlySet<number>, minutes: ReadonlySet<number>): string {
  const hs = sorted(hours);
  const ms = sorted(minutes);
  if (hs.length * ms.length <= 4) return `at ${hs.flatMap((h) => ms.map((m) => `${pad(h)}:${pad(m)}`)).join(', ')}`;
  const step = ms.length > 1 ? (ms[1] ?? 0) - (ms[0] ?? 0) : 0;
  const regular = ms.length > 1 && ms.every((m, i) => i === 0 || m - (ms[i - 1] ?? 0) === step) && (ms[0] ?? 0) < step && (ms.at(-1) ?? 0) + step >= 60;
  const minutePart = ms.length === 60 ? 'every minute' : regular ? `every ${step} minutes` : ms.length === 1 ? `at minute ${ms[0]}` : `at minutes ${listWords(ms, String)}`;
  if (hs.length === 24) return ms.length === 1 ? `every hour at :${pad(ms[0] ?? 0)}` : minutePart;
  return `${minutePart} during hour${hs.length === 1 ? '' : 's'} ${listWords(hs, pad)}`;
}

/** A sentence for the schedule editor: "Saturday at 02:00", "Every day at 00:00 (UTC)". */
export function describeCalendarEvent(text: string): string {
  const e = parseCalendarEvent(text);
  const parts: string[] = [];
  const daysText = describeDays(e.days);
  parts.push(daysText === 'every day' && (e.monthDays || e.months || e.years) ? '' : daysText);
  if (e.monthDays) parts.push(`on the ${listWords(sorted(e.monthDays), ordinal)}`);
  if (e.months) parts.push(`of ${listWords(sorted(e.months), (m) => MONTH_NAMES[m] ?? '')}`);
  else if (e.monthDays) parts.push('of every month');
  if (e.years) parts.push(`in ${listWords(sorted(e.years), String)}`);
  parts.push(describeTimes(e.hours, e.minutes));
  const s = parts.filter(Boolean).join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)} (UTC)`;
}
