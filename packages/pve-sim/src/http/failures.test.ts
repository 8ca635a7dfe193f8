import { describe, expect, it } from 'vitest';
import { decodeUrlencoded } from './params';
import { FailureInjector, parseFailureRule, pathMatcher } from './failures';

describe('failure rules', () => {
  it('parses the CLI form', () => {
    expect(parseFailureRule('POST /nodes/*/lxc=500:unable to create CT: storage full:2')).toEqual({
      method: 'POST',
      path: '/nodes/*/lxc',
      status: 500,
      message: 'unable to create CT: storage full',
      times: 2,
    });
    expect(() => parseFailureRule('nonsense')).toThrow(/invalid failure rule/);
  });

  it('matches one path segment per *', () => {
    const re = pathMatcher('/nodes/*/lxc');
    expect(re.test('/nodes/pve1/lxc')).toBe(true);
    expect(re.test('/nodes/pve1/lxc/101')).toBe(false);
  });

  it('consumes `times`', () => {
    const f = new FailureInjector();
    f.add({ method: 'GET', path: '/version', status: 503, message: 'busy', times: 1 });
    expect(f.take('GET', '/version')?.status).toBe(503);
    expect(f.take('GET', '/version')).toBeUndefined();
  });
});

describe('decodeUrlencoded', () => {
  it('decodes like pve-http-server, joining repeated keys with NUL', () => {
    expect(decodeUrlencoded('a=1&a=2;b=x+y&c=%C3%A4&d')).toEqual({ a: '1\u00002', b: 'x y', c: 'ä', d: undefined });
  });
});
