import { describe, expect, it } from 'vitest';
import { CalendarEventError, checkCalendarEvent, describeCalendarEvent, nextEvent, nextEvents, parseCalendarEvent } from './index';

const next = (event: string, from: string): string | undefined => {
  const at = nextEvent(parseCalendarEvent(event), Date.parse(from));
  return at === undefined ? undefined : new Date(at).toISOString().slice(0, 16);
};
const runs = (event: string, from: string, n = 3): string[] => nextEvents(parseCalendarEvent(event), Date.parse(from), n).map((t) => new Date(t).toISOString().slice(0, 16));

// 2026-12-03 is a Thursday.
const THU = '2026-12-03T14:07:00Z';

describe('calendar events: the examples of the PVE admin guide (Schedule Format)', () => {
  it('mon,tue,wed,thu,fri = mon..fri: working days at midnight', () => {
    expect(runs('mon,tue,wed,thu,fri', THU)).toEqual(runs('mon..fri', THU));
    expect(runs('mon..fri', THU)).toEqual(['2026-12-04T00:00', '2026-12-07T00:00', '2026-12-08T00:00']);
  });
  it('sat,sun = sat..sun', () => {
    expect(runs('sat,sun', THU)).toEqual(['2026-12-05T00:00', '2026-12-06T00:00', '2026-12-12T00:00']);
    expect(runs('sat..sun', THU)).toEqual(runs('sat,sun', THU));
  });
  it('mon,wed,fri', () => {
    expect(runs('mon,wed,fri', THU)).toEqual(['2026-12-04T00:00', '2026-12-07T00:00', '2026-12-09T00:00']);
  });
  it('12:05 every day', () => {
    expect(runs('12:05', THU)).toEqual(['2026-12-04T12:05', '2026-12-05T12:05', '2026-12-06T12:05']);
  });
  it('*/5 every five minutes', () => {
    expect(runs('*/5', THU)).toEqual(['2026-12-03T14:10', '2026-12-03T14:15', '2026-12-03T14:20']);
  });
  it('mon..wed 30/10: minutes 30, 40 and 50 of every hour', () => {
    expect(runs('mon..wed 30/10', THU, 4)).toEqual(['2026-12-07T00:30', '2026-12-07T00:40', '2026-12-07T00:50', '2026-12-07T01:30']);
  });
  it('mon..fri 8..17,22:0/15', () => {
    expect(runs('mon..fri 8..17,22:0/15', '2026-12-04T17:40:00Z', 3)).toEqual(['2026-12-04T17:45', '2026-12-04T22:00', '2026-12-04T22:15']);
  });
  it('fri 12..13:5/20: Friday at 12:05, 12:25, 12:45, 13:05, 13:25 and 13:45', () => {
    expect(runs('fri 12..13:5/20', THU, 7)).toEqual(['2026-12-04T12:05', '2026-12-04T12:25', '2026-12-04T12:45', '2026-12-04T13:05', '2026-12-04T13:25', '2026-12-04T13:45', '2026-12-11T12:05']);
  });
  it('12,14,16,18,20,22:5', () => {
    expect(runs('12,14,16,18,20,22:5', THU)).toEqual(['2026-12-03T16:05', '2026-12-03T18:05', '2026-12-03T20:05']);
  });
  it('* every minute', () => {
    expect(runs('*', THU, 2)).toEqual(['2026-12-03T14:08', '2026-12-03T14:09']);
  });
  it('*-05: the 5th of every month', () => {
    expect(runs('*-05', THU)).toEqual(['2026-12-05T00:00', '2027-01-05T00:00', '2027-02-05T00:00']);
  });
  it('Sat *-1..7 15:00: the first Saturday of each month', () => {
    expect(runs('Sat *-1..7 15:00', THU)).toEqual(['2026-12-05T15:00', '2027-01-02T15:00', '2027-02-06T15:00']);
  });
  it('2015-10-21: one day only (in the past: never again)', () => {
    expect(next('2015-10-21', THU)).toBeUndefined();
    expect(next('2027-10-21', THU)).toBe('2027-10-21T00:00');
  });
});

describe('calendar events: shortcuts and edges', () => {
  it('daily, weekly, monthly, yearly, quarterly', () => {
    expect(next('daily', THU)).toBe('2026-12-04T00:00');
    expect(next('weekly', THU)).toBe('2026-12-07T00:00');
    expect(next('monthly', THU)).toBe('2027-01-01T00:00');
    expect(next('yearly', THU)).toBe('2027-01-01T00:00');
    expect(runs('quarterly', THU, 2)).toEqual(['2027-01-01T00:00', '2027-04-01T00:00']);
  });
  it('the next run is strictly after the given time', () => {
    expect(next('*/15', '2026-12-03T14:15:00Z')).toBe('2026-12-03T14:30');
    expect(next('sat 02:00', THU)).toBe('2026-12-05T02:00');
    expect(next('mon..fri 22:30', '2026-12-04T23:00:00Z')).toBe('2026-12-07T22:30');
  });
  it('refuses what PVE refuses, with the reason', () => {
    expect(() => parseCalendarEvent('someday')).toThrow(CalendarEventError);
    expect(checkCalendarEvent('25:00')).toBe('hour 25 out of range');
    expect(checkCalendarEvent('02:00:30')).toBe('seconds are not supported');
    expect(checkCalendarEvent('sat 02:00')).toBeUndefined();
  });
});

describe('describeCalendarEvent', () => {
  it('says in words when a job runs', () => {
    expect(describeCalendarEvent('daily')).toBe('Every day at 00:00 (UTC)');
    expect(describeCalendarEvent('sat 02:00')).toBe('Saturday at 02:00 (UTC)');
    expect(describeCalendarEvent('mon..fri 21:00')).toBe('Monday to Friday at 21:00 (UTC)');
    expect(describeCalendarEvent('*/15')).toBe('Every day every 15 minutes (UTC)');
    expect(describeCalendarEvent('hourly')).toBe('Every day every hour at :00 (UTC)');
    expect(describeCalendarEvent('Sat *-1..7 15:00')).toBe('Saturday on the 1st to 7th of every month at 15:00 (UTC)');
    expect(describeCalendarEvent('monthly')).toBe('On the 1st of every month at 00:00 (UTC)');
  });
});
