import { describe, expect, it } from 'vitest';
import { measuredCpu } from './load-model';

describe('measuredCpu', () => {
  it('lets some idle containers report a hair below zero, like pvestatd, and leaves others alone', () => {
    const samples = Array.from({ length: 400 }, (_v, i) => ({ vmid: 100 + (i % 100), t: 10 * Math.floor(i / 100) }));
    const values = samples.map(({ vmid, t }) => measuredCpu(vmid, 0.004, t));
    expect(values.some((v) => v < 0)).toBe(true);
    expect(values.some((v) => v === 0.004)).toBe(true);
    for (const v of values) expect(v).toBeGreaterThan(-0.001);
  });
});
