import { describe, expect, it } from 'vitest';
import { LIST_SEPARATOR, UNIT_NAME_RE, lastLines, parseServices } from './systemd';

describe('systemd output parsing', () => {
  it('merges loaded units with unit-file enablement', () => {
    const out = [
      'cron.service      loaded    active   running Regular background program processing daemon',
      'nginx.service     loaded    failed   failed  A high performance web server and a reverse proxy server',
      '● ghost.service   not-found inactive dead    ghost.service',
      'getty@tty1.service loaded   active   running Getty on tty1',
      LIST_SEPARATOR,
      'cron.service       enabled  enabled',
      'nginx.service      disabled enabled',
      'getty@.service     enabled  enabled',
      'redis.service      disabled enabled',
      'masked.service     masked   enabled',
      '',
    ].join('\n');
    const s = parseServices(out);
    expect(s.map((x) => x.name)).toEqual(['cron.service', 'getty@tty1.service', 'ghost.service', 'masked.service', 'nginx.service', 'redis.service']);
    expect(s.find((x) => x.name === 'cron.service')).toEqual({
      name: 'cron.service',
      load: 'loaded',
      active: 'active',
      sub: 'running',
      enabled: 'enabled',
      description: 'Regular background program processing daemon',
    });
    expect(s.find((x) => x.name === 'nginx.service')).toMatchObject({ active: 'failed', enabled: 'disabled' });
    expect(s.find((x) => x.name === 'ghost.service')).toMatchObject({ load: 'not-found', active: 'inactive' });
    expect(s.find((x) => x.name === 'redis.service')).toMatchObject({ active: 'inactive', sub: 'dead', enabled: 'disabled' });
    expect(s.find((x) => x.name === 'masked.service')).toMatchObject({ load: 'masked' });
  });

  it('accepts only plain service unit names', () => {
    for (const ok of ['nginx.service', 'getty@tty1.service', 'systemd-journald.service', 'a_b:c.service']) expect(UNIT_NAME_RE.test(ok)).toBe(true);
    for (const bad of ['-nginx.service', '--now.service', 'nginx', 'nginx.socket', '*.service', 'a b.service', 'x;rm.service', '/etc/x.service', 'a\\b.service', '']) {
      expect(UNIT_NAME_RE.test(bad)).toBe(false);
    }
  });

  it('keeps the last lines of a journal and reads "no entries" as none', () => {
    expect(lastLines('a\nb\nc\n', 2)).toEqual(['b', 'c']);
    expect(lastLines('-- No entries --\n', 10)).toEqual([]);
    expect(lastLines('', 10)).toEqual([]);
  });
});
