import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';

const secret = 's3cr3t-Value_42/é+?';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');

/** What is left of an encoded stream once redacted, per side of the `***` (empty when none). */
function leftover(out: string): string[] {
  expect(out).toContain('***');
  return out.split('***');
}

describe('redaction of encoded secrets', () => {
  it('masks base64 of the secret alone, padded or not, in both alphabets', () => {
    for (const enc of [b64(secret), b64(secret).replace(/=+$/, ''), b64url(secret)]) {
      expect(redactSecrets(`token: ${enc}\n`, [secret])).toBe('token: ***\n');
    }
  });

  it('masks the secret inside a longer base64 stream at each of the three alignments', () => {
    for (const prefix of ['', 'a', 'ab', 'abc', 'user:', 'Authorization: Basic admin:']) {
      for (const suffix of ['', '\n', 'x', 'tail of the stream']) {
        for (const encode of [b64, b64url]) {
          const enc = encode(`${prefix}${secret}${suffix}`);
          const [before = '', after = ''] = leftover(redactSecrets(enc, [secret]));
          // Only characters that share bits with the prefix or the suffix remain.
          expect(before.length).toBeLessThanOrEqual(Math.ceil((8 * prefix.length) / 6));
          expect(after.length).toBeLessThanOrEqual(enc.length - Math.floor((8 * (prefix.length + Buffer.byteLength(secret))) / 6));
        }
      }
    }
  });

  it('masks base64 and hex wrapped over lines (base64 -w 76, xxd -p)', () => {
    const long = `${secret}-${'k'.repeat(200)}`;
    const wrapped = b64(`pw=${long}`).replace(/(.{76})/g, '$1\n');
    expect(wrapped.split('\n').length).toBeGreaterThan(2);
    const [before = '', after = ''] = leftover(redactSecrets(wrapped, [long]));
    expect(before.length + after.length).toBeLessThanOrEqual(8);
    const hex = Buffer.from(long)
      .toString('hex')
      .replace(/(.{60})/g, '$1\n');
    expect(redactSecrets(hex, [long])).toBe('***');
  });

  it('masks hex in either case and URL encoding in its common spellings', () => {
    const hex = Buffer.from(secret).toString('hex');
    const url = encodeURIComponent(secret);
    const forms = [hex, hex.toUpperCase(), url, url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), encodeURIComponent('a b').replace('%20', '+')];
    expect(redactSecrets(forms.join(' | '), [secret, 'a b'])).toBe('*** | *** | *** | *** | ***');
  });

  it('leaves unrelated output alone', () => {
    const text = `apt-get: ${b64('unrelated bytes')} ${Buffer.from('other').toString('hex')} done`;
    expect(redactSecrets(text, [secret])).toBe(text);
  });
});
