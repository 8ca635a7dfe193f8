import { describe, expect, it } from 'vitest';
import type { AlertPeriod } from '@kiln/services';
import { shadedAreas, visibleRange } from './shading';

const MIN = 60_000;
const period = (from: number, to: number | null, title = 'alert'): AlertPeriod => ({ id: title, kind: 'container_stopped', title, from: from * MIN, to: to === null ? null : to * MIN });
const range = { from: 100 * MIN, to: 160 * MIN };

describe('shadedAreas', () => {
  it('clips periods to the visible range and drops those wholly outside it', () => {
    const areas = shadedAreas([period(50, 90, 'before'), period(90, 110, 'overlaps start'), period(120, 130, 'inside'), period(150, 200, 'overlaps end'), period(170, 180, 'after')], range, 200 * MIN);
    expect(areas.map((a) => [a.x1 / MIN, a.x2 / MIN, a.titles])).toEqual([
      [100, 110, ['overlaps start']],
      [120, 130, ['inside']],
      [150, 160, ['overlaps end']],
    ]);
  });

  it('runs an open alert to now (within the range) and marks it open', () => {
    const areas = shadedAreas([period(140, null)], range, 155 * MIN);
    expect(areas).toEqual([{ x1: 140 * MIN, x2: 155 * MIN, open: true, titles: ['alert'] }]);
    // now past the range: clipped at its end
    expect(shadedAreas([period(140, null)], range, 300 * MIN)[0]!.x2).toBe(160 * MIN);
  });

  it('merges overlapping and touching periods into one band', () => {
    const areas = shadedAreas([period(130, 140, 'b'), period(110, 125, 'a'), period(125, 128, 'touching'), period(135, null, 'open')], range, 145 * MIN);
    expect(areas).toEqual([
      { x1: 110 * MIN, x2: 128 * MIN, open: false, titles: ['a', 'touching'] },
      { x1: 130 * MIN, x2: 145 * MIN, open: true, titles: ['b', 'open'] },
    ]);
  });

  it('widens a band too narrow to see to half a percent of the range, inside the range', () => {
    // 60 minutes: at least 18 s wide
    const [fresh] = shadedAreas([period(159.9, null, 'just fired')], range, 159.95 * MIN);
    expect(fresh).toMatchObject({ x1: 160 * MIN - 18_000 - 3_000, x2: 159.95 * MIN });
    const [first] = shadedAreas([period(90, 100.05, 'at the start')], range, 200 * MIN);
    expect(first).toMatchObject({ x1: 100 * MIN, x2: 100 * MIN + 18_000 });
  });

  it('shades nothing without periods', () => {
    expect(shadedAreas([], range, 150 * MIN)).toEqual([]);
  });
});

describe('visibleRange', () => {
  const points = [{ t: 100 * MIN }, { t: 101 * MIN }, { t: 158 * MIN }];

  it('spans the samples when no alert reaches past the last one', () => {
    expect(visibleRange(points, [period(120, 130)], 160 * MIN)).toEqual({ from: 100 * MIN, to: 158 * MIN });
  });

  it('reaches on to now when an alert is open or ended after the last sample', () => {
    expect(visibleRange(points, [period(159, null)], 160 * MIN)).toEqual({ from: 100 * MIN, to: 160 * MIN });
    expect(visibleRange(points, [period(150, 159.5)], 160 * MIN)).toEqual({ from: 100 * MIN, to: 160 * MIN });
  });

  it('has no range without samples', () => {
    expect(visibleRange([], [period(150, null)], 160 * MIN)).toBeNull();
  });
});
