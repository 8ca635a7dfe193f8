import { describe, expect, it } from 'vitest';
import { timeLabel } from './format';

describe('chart time labels', () => {
  const t = new Date(2026, 2, 5, 7, 4).getTime();

  it('names clock time for an hour or a day, the date for a week or a month, the month for a year', () => {
    expect(timeLabel(t, 'hour')).toBe('07:04');
    expect(timeLabel(t, 'day')).toBe('07:04');
    expect(timeLabel(t, 'week')).toBe('03-05');
    expect(timeLabel(t, 'month')).toBe('03-05');
    expect(timeLabel(t, 'year')).toBe('2026-03');
  });
});
