import { describe, expect, it } from 'vitest';
import { nextRunAfter } from './schedule';

describe('the next run of a service check', () => {
  it('keeps the check’s own cadence, whatever the tick’s delay', () => {
    // Due at 0, run by a tick 7 ms late: next due at 60 000, so the tick at 60 001 runs it.
    expect(nextRunAfter(0, 60_000, 7)).toBe(60_000);
    expect(nextRunAfter(0, 60_000, 9_999)).toBe(60_000);
  });

  it('skips the runs a check missed, staying on its cadence', () => {
    expect(nextRunAfter(0, 60_000, 60_000)).toBe(120_000);
    expect(nextRunAfter(0, 60_000, 3_600_000 + 5)).toBe(3_660_000);
  });
});
