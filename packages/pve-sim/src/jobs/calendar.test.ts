import { describe, expect, it } from 'vitest';
import { CalendarEventError, nextEvent, parseCalendarEvent } from './calendar';

const next = (event: string, from: string): string | undefined => {
  const at = nextEvent(parseCalendarEvent(event), Date.parse(from));
  return at === undefined ? undefined : new Date(at).toISOString();
};

describe('calendar events (pve-calendar-event)', () => {
  it('daily runs at midnight', () => {
    expect(next('daily', '2026-12-03T14:00:00Z')).toBe('2026-12-04T00:00:00.000Z');
  });
  it('weekday and time', () => {
    // 2026-12-03 is a Thursday
    expect(next('sat 02:00', '2026-12-03T14:00:00Z')).toBe('2026-12-05T02:00:00.000Z');
    expect(next('mon..fri 22:30', '2026-12-04T23:00:00Z')).toBe('2026-12-07T22:30:00.000Z');
  });
  it('a single value is minutes; repetitions and lists', () => {
    expect(next('*/15', '2026-12-03T14:07:00Z')).toBe('2026-12-03T14:15:00.000Z');
    expect(next('*/15', '2026-12-03T14:15:00Z')).toBe('2026-12-03T14:30:00.000Z');
    expect(next('2,22:30', '2026-12-03T14:00:00Z')).toBe('2026-12-03T22:30:00.000Z');
    expect(next('monthly', '2026-12-03T14:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
  });
  it('refuses what it cannot read', () => {
    expect(() => parseCalendarEvent('someday')).toThrow(CalendarEventError);
    expect(() => parseCalendarEvent('25:00')).toThrow(CalendarEventError);
  });
});
