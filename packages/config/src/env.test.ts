import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, parseConfig, redactUrl } from './env';
import { secretsFilePath } from './secrets-file';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'kiln-config-'));

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const cfg = parseConfig({ KILN_DATA_DIR: tmp() });
    expect(cfg.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/kiln');
    expect(cfg.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(cfg.PORT).toBe(3000);
    // Loopback unless told otherwise: the web app and the console gateway.
    expect(cfg.HOST).toBe('127.0.0.1');
    expect(cfg.CONSOLE_HOST).toBe('127.0.0.1');
  });

  it('takes listen addresses and refuses anything else, naming the variable', () => {
    const cfg = parseConfig({ KILN_DATA_DIR: tmp(), HOST: '0.0.0.0', CONSOLE_HOST: '::' });
    expect([cfg.HOST, cfg.CONSOLE_HOST]).toEqual(['0.0.0.0', '::']);
    expect(() => parseConfig({ KILN_DATA_DIR: tmp(), HOST: 'http://0.0.0.0' })).toThrow(/HOST: must be an IP address or host name/);
    expect(() => parseConfig({ KILN_DATA_DIR: tmp(), CONSOLE_HOST: '0.0.0.0 ' })).toThrow(/CONSOLE_HOST/);
  });

  it('generates the secrets once into a 0600 file and reuses them', () => {
    const dir = tmp();
    const a = parseConfig({ KILN_DATA_DIR: dir });
    const file = secretsFilePath(dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const b = parseConfig({ KILN_DATA_DIR: dir });
    expect(b.SESSION_SECRET).toBe(a.SESSION_SECRET);
    expect(b.ENCRYPTION_KEY[0]!.key.equals(a.ENCRYPTION_KEY[0]!.key)).toBe(true);
    expect(a.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8')).toContain('SESSION_SECRET=');
  });

  it('prefers variables from the environment and writes nothing for them', () => {
    const dir = tmp();
    const key = Buffer.alloc(32, 7).toString('base64');
    const cfg = parseConfig({ KILN_DATA_DIR: dir, SESSION_SECRET: 'x'.repeat(40), ENCRYPTION_KEY: `3:${key}` });
    expect(cfg.SESSION_SECRET).toBe('x'.repeat(40));
    expect(cfg.ENCRYPTION_KEY).toEqual([{ version: 3, key: Buffer.alloc(32, 7) }]);
    expect(() => statSync(secretsFilePath(dir))).toThrow();
  });

  it('accepts several key versions for rotation', () => {
    const k = (b: number) => Buffer.alloc(32, b).toString('base64');
    const cfg = parseConfig({ KILN_DATA_DIR: tmp(), ENCRYPTION_KEY: `2:${k(2)},1:${k(1)}` });
    expect(cfg.ENCRYPTION_KEY.map((e) => e.version)).toEqual([2, 1]);
  });

  it('names each malformed variable', () => {
    let err: unknown;
    try {
      parseConfig({ KILN_DATA_DIR: tmp(), DATABASE_URL: 'mysql://x', PORT: 'eighty', ENCRYPTION_KEY: '1:c2hvcnQ=', SESSION_SECRET: 'short' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigurationError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(msg).toMatch(/PORT:/);
    expect(msg).toMatch(/ENCRYPTION_KEY: key version 1: need a version 1\.\.255 and exactly 32 bytes/);
    expect(msg).toMatch(/SESSION_SECRET: must be at least 32 characters/);
  });
});

describe('redactUrl', () => {
  it('hides the password of Redis and PostgreSQL URLs, with or without a user name', () => {
    expect(redactUrl('redis://:s3cret@redis.lan:6379/0')).toBe('redis://:***@redis.lan:6379/0');
    expect(redactUrl('rediss://default:s3cret@redis.lan:6380')).toBe('rediss://default:***@redis.lan:6380');
    expect(redactUrl('postgresql://kiln:p%40ss@db:5432/kiln')).toBe('postgresql://kiln:***@db:5432/kiln');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('not a url :s3cret@host')).not.toContain('s3cret');
  });
});
