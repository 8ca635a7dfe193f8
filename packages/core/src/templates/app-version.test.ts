import { describe, expect, it } from 'vitest';
import { appUpdateAvailable, readVersion, renderAppVersion } from './app-version';
import { loadBuiltinTemplates } from './catalogue';
import { firstMatch } from './pattern';
import { minimalTemplate } from './test-fixtures';
import { validateTemplate } from './validate';

const ok = (stdout: string, stderr = '') => ({ stdout, stderr, exitCode: 0 });

function errorsOf(data: unknown): string[] {
  const r = validateTemplate(data);
  if (r.ok) throw new Error('expected the template to be invalid');
  return r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('appVersion in the template format', () => {
  const appVersion = {
    name: 'nginx',
    installed: { command: ['nginx', '-v'], match: 'nginx/([0-9][^\\s]*)' },
    latest: { command: "apt-cache policy nginx | sed -n 's/^ *Candidate: //p'", match: '^(?:\\d+:)?([^-\\s]+)' },
  };

  it('accepts argv and script commands, fills the timeout and renders scripts onto stdin', () => {
    const r = validateTemplate(minimalTemplate({ appVersion } as never));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.template.appVersion?.timeout).toBe(15);
    const rendered = renderAppVersion(r.template.appVersion);
    expect(rendered?.installed).toEqual({ exec: { argv: ['nginx', '-v'] }, match: 'nginx/([0-9][^\\s]*)' });
    expect(rendered?.latest.exec.argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(rendered?.latest.exec.argv.join(' ')).not.toContain('apt-cache');
    expect(rendered?.latest.exec.stdin).toBe(appVersion.latest.command);
    expect(rendered?.timeoutMs).toBe(15_000);
  });

  it('refuses {{ }}, patterns RE2 cannot run, a missing command and unknown fields, at their exact path', () => {
    const bad = {
      name: 'nginx',
      installed: { command: ['cat', '{{ params.site_title }}'], match: '(a)\\1' },
      latest: { command: 'echo {{ container.ip }}', extra: 1 },
    };
    expect(errorsOf(minimalTemplate({ appVersion: bad } as never))).toContain('appVersion.latest.extra: unknown field');
    expect(errorsOf(minimalTemplate({ appVersion: { ...bad, latest: { command: 'echo {{ container.ip }}' } } } as never))).toEqual([
      'appVersion.installed.command[1]: must be fixed text: {{ }} is not available here (the check runs without the container’s params)',
      'appVersion.installed.match: backreferences (\\1) are not supported (patterns use RE2 syntax, which runs in linear time)',
      'appVersion.latest.command: must be fixed text: {{ }} is not available here (the check runs without the container’s params)',
    ]);
    expect(errorsOf(minimalTemplate({ appVersion: { name: 'x', installed: {}, latest: { command: [] } } } as never))).toEqual([
      'appVersion.installed.command: must be a shell command (text) or an argv list',
      'appVersion.latest.command: must have at least 1 item',
    ]);
  });

  it('is used by at least two built-ins, whose patterns read what their programs print', () => {
    const withApp = loadBuiltinTemplates().filter((t) => t.appVersion);
    expect(withApp.map((t) => t.slug)).toEqual(expect.arrayContaining(['nginx-static', 'redis']));
    const nginx = withApp.find((t) => t.slug === 'nginx-static')!.appVersion!;
    expect(readVersion(ok('', 'nginx version: nginx/1.22.1\n'), nginx.installed.match)).toEqual({ ok: true, version: '1.22.1' });
    const policy = (v: string) => `nginx:\n  Installed: 1.22.1-9+deb12u1\n  Candidate: ${v}\n  Version table:\n     ${v} 500\n`;
    expect(readVersion(ok(policy('1.26.1-1~deb12u1')), nginx.latest.match)).toEqual({ ok: true, version: '1.26.1' });
    expect(readVersion(ok(policy('(none)')), nginx.latest.match)).toMatchObject({ ok: false, reason: expect.stringMatching(/^no match for /) });
    const redis = withApp.find((t) => t.slug === 'redis')!.appVersion!;
    expect(readVersion(ok('Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=c4ac9b2e9e7e6b1f\n'), redis.installed.match)).toEqual({ ok: true, version: '7.0.15' });
    expect(readVersion(ok('redis-server:\n  Installed: 5:7.0.15-1~deb12u1\n  Candidate: 5:7.2.4-1~deb12u1\n'), redis.latest.match)).toEqual({ ok: true, version: '7.2.4' });
  });
});

describe('readVersion', () => {
  it('takes the first non-empty line, trimmed, from stdout or else stderr', () => {
    expect(readVersion(ok('\n  1.2.3  \nmore\n'))).toEqual({ ok: true, version: '1.2.3' });
    expect(readVersion(ok('', 'v2.0.1-rc1\n'))).toEqual({ ok: true, version: 'v2.0.1-rc1' });
    expect(readVersion(ok('5:7.0.15-1~deb12u1'))).toEqual({ ok: true, version: '5:7.0.15-1~deb12u1' });
  });

  it('says why there is no version instead of inventing one', () => {
    expect(readVersion({ stdout: '', stderr: 'sh: 1: nginx: not found\n', exitCode: 127 })).toEqual({ ok: false, reason: 'exited with 127: sh: 1: nginx: not found' });
    expect(readVersion(ok(' \n'))).toEqual({ ok: false, reason: 'printed nothing' });
    expect(readVersion(ok('command not understood\n'))).toEqual({ ok: false, reason: '“command not understood” is not a version' });
    expect(readVersion(ok('latest'))).toEqual({ ok: false, reason: '“latest” is not a version' });
    expect(readVersion(ok('<b>1.2</b>'))).toEqual({ ok: false, reason: '“<b>1.2</b>” is not a version' });
    expect(readVersion(ok(`1.${'0'.repeat(80)}`))).toMatchObject({ ok: false, reason: expect.stringMatching(/^printed more than 64 characters/) });
    expect(readVersion(ok('nginx version: openresty\n'), 'nginx/(\\S+)')).toEqual({ ok: false, reason: 'no match for nginx/(\\S+) in “nginx version: openresty”' });
    // Control characters in output never reach the reason as they are.
    expect(readVersion(ok('\u001b[31mred\u001b[0m'))).toEqual({ ok: false, reason: '“[31mred [0m” is not a version' });
  });

  it('matches per line and takes the first group, or the whole match without one', () => {
    expect(firstMatch('^Candidate: (\\S+)$', 'x:\n  Installed: 1\nCandidate: 2.0\n')).toBe('2.0');
    expect(firstMatch('\\d+\\.\\d+', 'version 3.14 here')).toBe('3.14');
    expect(firstMatch('nope', 'text')).toBeUndefined();
  });
});

describe('appUpdateAvailable', () => {
  it('is true only when the latest version is newer than the installed one', () => {
    expect(appUpdateAvailable('1.24.0', '1.26.1')).toBe(true);
    expect(appUpdateAvailable('1.22.1', '1.22.10')).toBe(true);
    expect(appUpdateAvailable('7.0.15', '7.0.15')).toBe(false);
    expect(appUpdateAvailable('1.27.0', '1.26.1')).toBe(false);
    expect(appUpdateAvailable(null, '1.0')).toBe(false);
    expect(appUpdateAvailable('1.0', undefined)).toBe(false);
  });
});
