import { describe, expect, it } from 'vitest';
import { freeAddresses, poolCapacity, poolOffers } from './pool-math';

const pool = { cidr: '10.10.0.0/24', rangeStart: '10.10.0.10', rangeEnd: '10.10.0.20', reserved: ['10.10.0.12', '10.10.0.14-10.10.0.16', '10.10.0.200'], gateway: '10.10.0.10' };

describe('pool arithmetic', () => {
  it('counts the range minus reserved addresses and the gateway', () => {
    expect(poolCapacity(pool)).toBe(11 - 1 - 3 - 1);
    expect(poolCapacity({ ...pool, rangeStart: null, rangeEnd: null, reserved: [], gateway: '10.10.0.1' })).toBe(253);
  });
  it('hands out addresses in order, skipping reserved, the gateway and taken ones', () => {
    expect([...freeAddresses(pool, new Set(['10.10.0.11', '10.10.0.18']))]).toEqual(['10.10.0.13', '10.10.0.17', '10.10.0.19', '10.10.0.20']);
    expect(poolOffers(pool, '10.10.0.15')).toBe(false);
    expect(poolOffers(pool, '10.10.0.13')).toBe(true);
    expect(poolOffers(pool, '10.10.0.21')).toBe(false);
  });
});
