import { describe, expect, it } from 'vitest';
import { hostBounds, intToIp, ipToInt, overlaps, parseSpan, parseSubnet } from './ipv4';

describe('IPv4 pool arithmetic', () => {
  it('round-trips addresses and clears host bits of a subnet', () => {
    expect(intToIp(ipToInt('10.10.3.250'))).toBe('10.10.3.250');
    const s = parseSubnet('10.10.3.7/22')!;
    expect(intToIp(s.network)).toBe('10.10.0.0');
    expect(s.size).toBe(1024);
    expect(hostBounds(s).map(intToIp)).toEqual(['10.10.0.1', '10.10.3.254']);
  });
  it('refuses malformed subnets and spans', () => {
    expect(parseSubnet('10.10.0.0')).toBeUndefined();
    expect(parseSubnet('10.10.0.0/33')).toBeUndefined();
    expect(parseSpan('10.0.0.9-10.0.0.2')).toBeUndefined();
    expect(parseSpan('10.0.0.2-10.0.0.9')?.map(intToIp)).toEqual(['10.0.0.2', '10.0.0.9']);
    expect(overlaps([1, 5], [5, 9])).toBe(true);
    expect(overlaps([1, 4], [5, 9])).toBe(false);
  });
});
