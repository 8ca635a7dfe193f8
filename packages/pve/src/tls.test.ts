import { describe, expect, it } from 'vitest';
import { normalizeFingerprint } from './tls';

const UPPER = '5C:0F:3E:8B:9A:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB';

describe('normalizeFingerprint', () => {
  it('keeps the PVE form', () => {
    expect(normalizeFingerprint(UPPER)).toBe(UPPER);
  });

  it('accepts lowercase, no colons, and a sha256 prefix', () => {
    expect(normalizeFingerprint(UPPER.toLowerCase())).toBe(UPPER);
    expect(normalizeFingerprint(UPPER.replace(/:/g, ''))).toBe(UPPER);
    expect(normalizeFingerprint(`SHA256: ${UPPER.toLowerCase().replace(/:/g, ' ')}`)).toBe(UPPER);
  });

  it('rejects wrong lengths and non-hex', () => {
    expect(() => normalizeFingerprint(UPPER.slice(3))).toThrow(/64 hex digits/);
    expect(() => normalizeFingerprint(UPPER.replace('5C', 'ZZ'))).toThrow(/64 hex digits/);
  });
});
