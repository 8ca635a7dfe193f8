import { describe, expect, it } from 'vitest';
import { worthCompressing } from './compress';

describe('compression by client address', () => {
  it('skips loopback clients without a trusted proxy (IPv4, IPv6 and v4-mapped)', () => {
    for (const ip of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(worthCompressing(ip, false)).toBe(false);
  });

  it('compresses for every other client, and for every client behind a trusted proxy', () => {
    for (const ip of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', 'fe80::1', '2001:db8::1', undefined]) expect(worthCompressing(ip, false)).toBe(true);
    expect(worthCompressing('127.0.0.1', true)).toBe(true);
    expect(worthCompressing('::1', true)).toBe(true);
  });
});
