import { describe, expect, it } from 'vitest';
import { describeWindow, hhmmOf, minuteOf, nextOccurrence, zonedTime } from './recurrence';

describe('update windows', () => {
  it('finds the next Sunday 03:00 in UTC', () => {
    // 2026-12-04 is a Friday.
    expect(nextOccurrence([0], 180, 'UTC', new Date('2026-12-04T12:00:00Z'))?.toISOString()).toBe('2026-12-06T03:00:00.000Z');
  });

  it('is strictly after: the window that starts now is next week', () => {
    expect(nextOccurrence([0], 180, 'UTC', new Date('2026-12-06T03:00:00Z'))?.toISOString()).toBe('2026-12-13T03:00:00.000Z');
    expect(nextOccurrence([0], 180, 'UTC', new Date('2026-12-06T02:59:59Z'))?.toISOString()).toBe('2026-12-06T03:00:00.000Z');
  });

  it('takes the local time of the zone, summer and winter', () => {
    // Berlin: UTC+1 in December, UTC+2 in July.
    expect(nextOccurrence([0], 180, 'Europe/Berlin', new Date('2026-12-04T12:00:00Z'))?.toISOString()).toBe('2026-12-06T02:00:00.000Z');
    expect(nextOccurrence([0], 180, 'Europe/Berlin', new Date('2026-07-01T12:00:00Z'))?.toISOString()).toBe('2026-07-05T01:00:00.000Z');
    // New York, a day whose local date differs from UTC's: Friday 22:00 local is Saturday in UTC.
    expect(nextOccurrence([5], 22 * 60, 'America/New_York', new Date('2026-12-04T12:00:00Z'))?.toISOString()).toBe('2026-12-05T03:00:00.000Z');
  });

  it('runs a time skipped by the spring-forward once, an hour later, and a repeated one once', () => {
    // Europe/Berlin jumps from 02:00 to 03:00 on 2026-03-29 (a Sunday).
    const skipped = zonedTime(2026, 3, 29, 2 * 60 + 30, 'Europe/Berlin');
    expect(new Date(skipped).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // ...and falls back from 03:00 to 02:00 on 2026-10-25: 02:30 happens twice, Kiln takes one.
    const first = nextOccurrence([0], 150, 'Europe/Berlin', new Date('2026-10-24T12:00:00Z'))!;
    const next = nextOccurrence([0], 150, 'Europe/Berlin', first)!;
    expect(next.getTime() - first.getTime()).toBeGreaterThan(6 * 86_400_000);
  });

  it('walks several weekdays in order and says nothing without one', () => {
    const after = new Date('2026-12-04T12:00:00Z'); // Friday
    const a = nextOccurrence([1, 3], 60, 'UTC', after)!;
    expect(a.toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(nextOccurrence([1, 3], 60, 'UTC', a)!.toISOString()).toBe('2026-12-09T01:00:00.000Z');
    expect(nextOccurrence([], 60, 'UTC', after)).toBeNull();
  });

  it('reads and writes times and describes a window', () => {
    expect(minuteOf('03:05')).toBe(185);
    expect(hhmmOf(185)).toBe('03:05');
    expect(describeWindow([3, 0], 180, 'UTC')).toBe('Sun, Wed at 03:00 (UTC)');
    expect(describeWindow([0, 1, 2, 3, 4, 5, 6], 0, 'UTC')).toBe('Daily at 00:00 (UTC)');
  });
});
