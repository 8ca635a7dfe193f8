import { describe, expect, it } from 'vitest';
import { routeTo, type Audience, type AudienceChannel } from './notify';
import { quietUntil } from './quiet';
import { daysToFull, recordSample, STORAGE_SAMPLE_EVERY_MS } from './trend';

const at = (iso: string) => Date.parse(iso);

describe('quiet hours', () => {
  const night = { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' };
  it('hold across midnight in the channel’s time zone, until their end', () => {
    // 21:30 UTC is 22:30 in Berlin (winter, UTC+1): quiet until 07:00 Berlin = 06:00 UTC.
    expect(quietUntil(night, at('2026-12-05T21:30:20Z'))).toBe(at('2026-12-06T06:00:00Z'));
    expect(quietUntil(night, at('2026-12-06T05:59:00Z'))).toBe(at('2026-12-06T06:00:00Z'));
    expect(quietUntil(night, at('2026-12-06T06:00:00Z'))).toBeUndefined();
    expect(quietUntil(night, at('2026-12-05T20:59:00Z'))).toBeUndefined();
  });
  it('work within one day, and not at all with equal ends', () => {
    expect(quietUntil({ start: '12:00', end: '13:30', timeZone: 'UTC' }, at('2026-12-05T12:10:00Z'))).toBe(at('2026-12-05T13:30:00Z'));
    expect(quietUntil({ start: '12:00', end: '12:00', timeZone: 'UTC' }, at('2026-12-05T12:10:00Z'))).toBeUndefined();
  });
});

describe('routing', () => {
  const ch = (id: string, over: Partial<AudienceChannel> = {}): AudienceChannel => ({ id, sendResolved: true, minSeverity: 'info', quietStart: null, quietEnd: null, quietTimeZone: null, ...over });
  const audience: Audience = {
    windows: [],
    channels: [ch('all'), ch('pager', { minSeverity: 'critical' }), ch('quiet', { quietStart: '00:00', quietEnd: '23:59', quietTimeZone: 'UTC' }), ch('noresolve', { sendResolved: false })],
  };
  const now = at('2026-12-05T12:00:00Z');
  it('sends to the rule’s channels only, or to all of them when it names none', () => {
    expect(routeTo(audience, { severity: 'warning', channelIds: ['all', 'pager'] }, 'firing', now).map((t) => t.channelId)).toEqual(['all']);
    expect(routeTo(audience, { severity: 'warning', channelIds: [] }, 'firing', now).map((t) => t.channelId)).toEqual(['all', 'quiet', 'noresolve']);
  });
  it('skips channels above the alert’s severity, and holds non-critical ones during quiet hours', () => {
    const critical = routeTo(audience, { severity: 'critical', channelIds: [] }, 'resolved', now);
    expect(critical).toEqual([
      { channelId: 'all', heldUntil: undefined },
      { channelId: 'pager', heldUntil: undefined },
      { channelId: 'quiet', heldUntil: undefined },
    ]);
    const info = routeTo(audience, { severity: 'info', channelIds: ['quiet'] }, 'firing', now);
    expect(info).toEqual([{ channelId: 'quiet', heldUntil: at('2026-12-05T23:59:00Z') }]);
  });
});

describe('storage trend', () => {
  it('keeps one sample per interval and computes days to full from the slope', () => {
    let s = recordSample([], 0, 100)!;
    expect(recordSample(s, STORAGE_SAMPLE_EVERY_MS - 1, 110)).toBeUndefined();
    s = recordSample(s, STORAGE_SAMPLE_EVERY_MS, 110)!;
    expect(daysToFull(s, 1000, STORAGE_SAMPLE_EVERY_MS)).toBeUndefined(); // two samples, 10 minutes: too little to tell
    s = recordSample(s, 3 * STORAGE_SAMPLE_EVERY_MS, 130)!;
    // 10 bytes per 10 minutes = 1440 a day; 870 left -> ~0.6 days.
    expect(daysToFull(s, 1000, 3 * STORAGE_SAMPLE_EVERY_MS)).toBeCloseTo(870 / 1440, 5);
    expect(
      daysToFull(
        [
          [0, 500],
          [STORAGE_SAMPLE_EVERY_MS * 3, 400],
          [STORAGE_SAMPLE_EVERY_MS * 6, 300],
        ],
        1000,
        STORAGE_SAMPLE_EVERY_MS * 6,
      ),
    ).toBeUndefined();
  });
});
