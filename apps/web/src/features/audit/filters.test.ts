import { describe, expect, it } from 'vitest';
import { auditFilters, filterQuery, periodStart } from './filters';

describe('audit filters', () => {
  it('reads known values and drops unknown ones', () => {
    expect(auditFilters({ action: 'container.console', outcome: 'failure', target: '  web ', period: '7d', before: '42' })).toEqual({
      action: 'container.console',
      outcome: 'failure',
      target: 'web',
      period: '7d',
      user: '',
      before: 42n,
    });
    expect(auditFilters({ action: 'DROP TABLE', outcome: 'maybe', period: '1y', before: '-1' })).toEqual({ action: '', outcome: undefined, target: '', period: '', user: '', before: undefined });
  });

  it('turns a period into a start time', () => {
    expect(periodStart('24h', 100 * 3600_000)?.getTime()).toBe(76 * 3600_000);
    expect(periodStart('')).toBeUndefined();
  });

  it('keeps only set filters in links', () => {
    expect(filterQuery(auditFilters({ outcome: 'success' }), { before: '7' })).toEqual({ outcome: 'success', before: '7' });
  });
});
