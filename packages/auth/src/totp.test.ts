import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes';
import { matchTotp, newTotpSecret, totpCode, totpUri } from './totp';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890", last 6 of the 8 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors', () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe('287082');
    expect(totpCode(RFC_SECRET, 1_111_111_109_000)).toBe('081804');
  });

  it('accepts one step of drift and names the step the code belongs to', () => {
    const t = 1_700_000_000_000;
    const step = Math.floor(t / 30_000);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, t), t)).toBe(step);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, t - 30_000), t)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, t + 30_000), t)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, t + 90_000), t)).toBeNull();
    expect(matchTotp(RFC_SECRET, 'abcdef', t)).toBeNull();
  });

  it('makes 160-bit secrets and an otpauth URI for the QR code', () => {
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri(s, 'alice')).toMatch(new RegExp(`^otpauth://totp/Kiln:alice\\?.*secret=${s}`));
  });
});

describe('recovery codes', () => {
  it('are 10 distinct codes whose hash ignores case and dashes but not the user', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const c = codes[0]!;
    expect(hashRecoveryCode('u1', c.toUpperCase().replace(/-/g, ' '))).toBe(hashRecoveryCode('u1', c));
    expect(hashRecoveryCode('u2', c)).not.toBe(hashRecoveryCode('u1', c));
    expect(hashRecoveryCode('u1', c)).not.toContain(c.replace(/-/g, ''));
  });
});
