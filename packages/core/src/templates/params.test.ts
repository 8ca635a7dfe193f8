import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { generateSecret, paramsSchema, resolveParams } from './params';
import { minimalTemplate } from './test-fixtures';
import { assertTemplate } from './validate';

const template = assertTemplate(
  minimalTemplate({
    params: [
      { name: 'title', type: 'string', default: 'Hello', validation: { max: 10 } },
      { name: 'nickname', type: 'string', optional: true, validation: { min: 3, pattern: '[a-z]+', message: 'must be lowercase letters' } },
      { name: 'workers', type: 'number', default: 2, validation: { integer: true, min: 1, max: 16 } },
      { name: 'debug', type: 'boolean' },
      { name: 'mode', type: 'enum', default: 'fast', validation: { options: ['fast', 'safe'] } },
      { name: 'port', type: 'port', default: 8080 },
      { name: 'api_key', type: 'secret', generate: { length: 20, charset: 'hex' } },
      { name: 'admin_password', type: 'secret', validation: { min: 12 } },
    ],
  } as never),
);

function fieldErrors(input: Record<string, unknown>): Record<string, string> {
  try {
    resolveParams(template, input, { generateSecret: () => 'generated-secret-value' });
  } catch (e) {
    if (isAppError(e) && e.fieldErrors) return e.fieldErrors;
    throw e;
  }
  throw new Error('expected a validation error');
}

describe('resolveParams', () => {
  it('fills defaults and generates every empty secret', () => {
    const seen: string[] = [];
    const r = resolveParams(
      template,
      {},
      {
        generateSecret: (spec) => {
          seen.push(`${spec.name}:${spec.length}:${spec.charset}`);
          return `${spec.name}-generated-value`;
        },
      },
    );
    expect(r.values).toEqual({
      title: 'Hello',
      nickname: '',
      workers: 2,
      debug: false,
      mode: 'fast',
      port: 8080,
      api_key: 'api_key-generated-value',
      admin_password: 'admin_password-generated-value',
    });
    expect(seen).toEqual(['api_key:20:hex', 'admin_password:32:alnum']);
    expect(r.generated).toEqual(['api_key', 'admin_password']);
    expect(r.secrets).toEqual(['api_key-generated-value', 'admin_password-generated-value']);
  });

  it('keeps a secret the user typed (untrimmed) and generates only the empty one', () => {
    const r = resolveParams(template, { admin_password: '  my long passphrase ' }, { generateSecret: () => 'x'.repeat(20) });
    expect(r.values.admin_password).toBe('  my long passphrase ');
    expect(r.generated).toEqual(['api_key']);
  });

  it('accepts form strings for numbers, ports and booleans and trims text', () => {
    const r = resolveParams(template, { title: '  Hi  ', workers: '4', debug: 'true', port: ' 9000 ', mode: 'safe' }, { generateSecret: () => 'z'.repeat(32) });
    expect(r.values).toMatchObject({ title: 'Hi', workers: 4, debug: true, port: 9000, mode: 'safe' });
  });

  it('reports each invalid field with a message that never contains the value', () => {
    const errors = fieldErrors({
      title: 'far too long a title',
      nickname: 'AB',
      workers: '2.5',
      debug: 'maybe',
      mode: 'turbo',
      port: 70000,
      admin_password: 'short',
    });
    expect(errors).toEqual({
      title: 'must be at most 10 characters',
      nickname: 'must be at least 3 characters',
      workers: 'must be a whole number',
      debug: 'must be true or false',
      mode: 'must be one of fast, safe',
      port: 'must be a port number from 1 to 65535',
      admin_password: 'must be at least 12 characters',
    });
    expect(JSON.stringify(errors)).not.toContain('short');
  });

  it('uses the pattern message and the port range', () => {
    expect(fieldErrors({ nickname: 'abc1' })).toEqual({ nickname: 'must be lowercase letters' });
    expect(fieldErrors({ port: 0 })).toEqual({ port: 'must be a port number from 1 to 65535' });
    expect(fieldErrors({ port: 'http' })).toEqual({ port: 'must be a port number' });
    expect(resolveParams(template, { port: 1 }, { generateSecret: () => 'y'.repeat(32) }).values.port).toBe(1);
  });

  it('answers a catastrophic pattern promptly, and bounds every text value', () => {
    const t = assertTemplate(
      minimalTemplate({
        params: [
          { name: 'word', type: 'string', validation: { pattern: '(a+)+b' } },
          { name: 'long', type: 'string', validation: { max: 65_536 } },
          { name: 'pw', type: 'secret' },
        ],
      } as never),
    );
    const errors = (input: Record<string, unknown>) => {
      const r = paramsSchema(t).safeParse(input);
      return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
    };
    expect(errors({ word: 'a'.repeat(32), long: 'x', pw: 'p'.repeat(8) })).toEqual({ word: 'has an invalid format' });
    expect(errors({ word: 'a'.repeat(4096), long: 'x' })).toEqual({ word: 'has an invalid format' });
    expect(errors({ word: `${'a'.repeat(4000)}b`, long: 'x' })).toEqual({});
    // Past 4 KiB no pattern runs, whatever the template's own max says.
    expect(errors({ word: 'a'.repeat(10_000), long: 'é'.repeat(4097), pw: 'p'.repeat(100_000) })).toEqual({
      word: 'must be at most 4096 characters',
      long: 'must be at most 4096 characters',
      pw: 'must be at most 4096 characters',
    });
    expect(errors({ word: 'ab', long: '😀'.repeat(4096) })).toEqual({});
  });

  it('requires params that have neither a default nor optional', () => {
    const t = assertTemplate(
      minimalTemplate({
        params: [
          { name: 'key', type: 'string' },
          { name: 'size', type: 'number' },
          { name: 'tier', type: 'enum', validation: { options: ['a'] } },
        ],
      } as never),
    );
    expect(() => resolveParams(t, { key: '   ' })).toThrow(/key: required; size: required; tier: required/);
  });

  it('refuses a generated secret that fails the validation instead of using it', () => {
    const t = assertTemplate(minimalTemplate({ params: [{ name: 'pin', type: 'secret', validation: { pattern: '[0-9]+' } }] } as never));
    expect(() => resolveParams(t, {}, { generateSecret: () => 'abcdefghijkl' })).toThrow(/generated value for pin does not pass its validation/);
  });
});

describe('paramsSchema', () => {
  it('is one zod schema usable by a form: same messages, per field', () => {
    const r = paramsSchema(template).safeParse({ port: '99999', mode: '' });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['port', 'must be a port number from 1 to 65535']]);
  });

  it('leaves empty secrets undefined (to be generated) and drops unknown keys', () => {
    const r = paramsSchema(template).parse({ api_key: '', extra: 'x' });
    expect(r.api_key).toBeUndefined();
    expect('extra' in r).toBe(false);
  });
});

describe('generateSecret', () => {
  it('draws the requested length from the charset', () => {
    expect(generateSecret({ length: 64, charset: 'hex' })).toMatch(/^[0-9a-f]{64}$/);
    expect(generateSecret({ length: 40, charset: 'alnum' })).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(generateSecret({ length: 40, charset: 'base64url' })).toMatch(/^[A-Za-z0-9_-]{40}$/);
  });

  it('does not repeat itself and uses the whole alphabet', () => {
    const many = Array.from({ length: 200 }, () => generateSecret({ length: 32, charset: 'alnum' }));
    expect(new Set(many).size).toBe(200);
    expect(new Set(many.join('')).size).toBe(62);
  });
});
