import { describe, expect, it } from 'vitest';
import { downsample, presentSeries, toMetricPoints } from './metrics-series';

describe('metric series from rrddata', () => {
  it('keeps missing values as gaps (null), never zero', () => {
    const pts = toMetricPoints([
      { time: 120, cpu: 0.5, mem: 100, maxmem: 1000, netin: 10, netout: 5, diskread: 1, diskwrite: 2 },
      { time: 60 }, // before the container existed: only `time`
      { time: 180, maxcpu: 2, maxmem: 1000, disk: 0 }, // stopped: no cpu/mem/net
    ]);
    expect(pts.map((p) => p.t)).toEqual([60_000, 120_000, 180_000]);
    expect(pts[0]).toMatchObject({ cpu: null, mem: null, netin: null });
    expect(pts[1]).toMatchObject({ cpu: 0.5, mem: 100, netin: 10, diskwrite: 2 });
    expect(pts[2]).toMatchObject({ cpu: null, maxmem: 1000, netout: null });
  });

  it('reads node memory keys', () => {
    expect(toMetricPoints([{ time: 1, memused: 5, memtotal: 10, cpu: 0 }])[0]).toMatchObject({ mem: 5, maxmem: 10, cpu: 0, diskread: null });
  });

  it('downsamples by averaging present samples and keeps all-gap buckets as gaps', () => {
    const raw = Array.from({ length: 8 }, (_, i) => ({ time: i * 60, ...(i < 4 ? {} : { cpu: i / 10 }) }));
    const pts = downsample(toMetricPoints(raw), 4);
    expect(pts).toHaveLength(4);
    expect(pts[0]!.cpu).toBeNull();
    expect(pts[1]!.cpu).toBeNull();
    expect(pts[2]!.cpu).toBeCloseTo(0.45);
    expect(pts[3]!.t).toBe(360_000);
    const mixed = downsample(toMetricPoints([{ time: 0 }, { time: 60, cpu: 0.2 }, { time: 120 }, { time: 180 }]), 2);
    expect(mixed.map((p) => p.cpu)).toEqual([0.2, null]);
  });

  it('leaves short series untouched and reports which series have data', () => {
    const pts = toMetricPoints([{ time: 0, cpu: 0.1 }, { time: 60 }]);
    expect(downsample(pts)).toEqual(pts);
    expect(presentSeries(pts)).toMatchObject({ cpu: true, mem: false, diskread: false });
  });
});
