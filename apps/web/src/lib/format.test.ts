import { describe, expect, it } from 'vitest';
import { percent } from '../features/metrics/components/format';
import { formatPercent, formatUtcDateTime, formatUtcTime } from './format';

describe('percent formatting of PVE cpu values', () => {
  it('clamps the slightly negative cpu PVE reports for idle containers to 0%', () => {
    expect(formatPercent(-5.75e-5)).toBe('0.0%');
    expect(percent(-5.75e-5 * 100)).toBe('0.0%');
  });

  it('formats ordinary values unchanged', () => {
    expect(formatPercent(0.00513)).toBe('0.5%');
    expect(formatPercent(0.42)).toBe('42%');
    expect(formatPercent(undefined)).toBe('—');
    expect(percent(42.4)).toBe('42%');
    expect(percent(3.25)).toBe('3.3%');
  });
});

describe('times of day', () => {
  it('are 24-hour UTC like the rest of Kiln, not the browser locale', () => {
    expect(formatUtcTime(Date.UTC(2026, 11, 5, 22, 4, 7))).toBe('22:04:07 UTC');
    expect(formatUtcTime('2026-12-05T09:00:00.000Z')).toBe('09:00:00 UTC');
    // year first: 05/12/2026 read as May 12 to half the users
    expect(formatUtcDateTime(Date.UTC(2026, 11, 5, 22, 4, 7))).toBe('2026-12-05 22:04:07 UTC');
  });
});
