import { describe, expect, it } from 'vitest';
import { createStreamRedactor, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('masks every occurrence, longest secret first', () => {
    expect(redactSecrets('pw=abc123xyz, again abc123xyz; short abc123', ['abc123', 'abc123xyz'])).toBe('pw=***, again ***; short ***');
  });

  it('masks the escaped forms the filters produce', () => {
    const secret = `it's&"x"/y`;
    const text = [`'it'\\''s&"x"/y'`, `'it''s&"x"/y'`, 'it&#39;s&amp;&quot;x&quot;/y', '"it\'s&\\"x\\"/y"', "it's%26%22x%22%2Fy"].join(' | ');
    expect(redactSecrets(text, [secret])).toBe(`'***' | '***' | *** | "***" | ***`);
  });

  it('masks printf %q (backslash) escaping', () => {
    // bash: printf %q "pa\$\$ w'o\"rd&;x,=~#é"
    expect(redactSecrets(`export PW=pa\\$\\$\\ w\\'o\\"rd\\&\\;x\\,=\\~#é;`, [`pa$$ w'o"rd&;x,=~#é`])).toBe('export PW=***;');
  });

  it('ignores empty secrets and treats regex characters literally', () => {
    expect(redactSecrets('a.b a+b', ['', 'a.b'])).toBe('*** a+b');
    expect(redactSecrets('nothing', [])).toBe('nothing');
  });
});

describe('createStreamRedactor', () => {
  const secrets = ['s3cr3t-value-1', 'another-password'];
  const text = 'start s3cr3t-value-1 middle another-password s3cr3t-value-1end another-passwor';

  it('masks secrets split across chunks, whatever the split', () => {
    const expected = redactSecrets(text, secrets);
    for (let size = 1; size <= text.length; size += 3) {
      const r = createStreamRedactor(secrets);
      let out = '';
      for (let i = 0; i < text.length; i += size) out += r.push(text.slice(i, i + size));
      out += r.flush();
      expect(out).toBe(expected);
      expect(out).not.toContain('s3cr3t');
    }
  });

  it('holds back only what could be the start of a secret', () => {
    const r = createStreamRedactor([]);
    expect(r.push('abc')).toBe('abc');
    const s = createStreamRedactor(['longsecret']);
    const first = s.push('x'.repeat(200));
    // Some of it is emitted now, the tail waits: it could be where the secret starts.
    expect(first.length).toBeGreaterThan(100);
    expect(first.length).toBeLessThan(200);
    expect(first + s.push('longsecret!') + s.flush()).toBe(`${'x'.repeat(200)}***!`);
  });

  it('masks an encoded secret split across chunks', () => {
    const secret = 'split-me-across-chunks';
    const text = `out: ${Buffer.from(`user:${secret}`).toString('base64')} ${Buffer.from(secret).toString('hex')} done`;
    for (let size = 1; size <= text.length; size += 5) {
      const r = createStreamRedactor([secret]);
      let out = '';
      for (let i = 0; i < text.length; i += size) out += r.push(text.slice(i, i + size));
      out += r.flush();
      expect(out).toBe(redactSecrets(text, [secret]));
      expect(out).toMatch(/^out: \S*\*\*\*\S* \*\*\* done$/);
    }
  });
});
