import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The guest library is plain CommonJS (it also runs inside containers with bare node).
const load = createRequire(import.meta.url);
const catalog = load('./catalog.cjs') as { findPackage(name: string): { name: string; version: string } | undefined };
const journal = load('./journal.cjs') as { format(e: object, f: string): string };
const units = load('./units.cjs') as { normalizeName(n: string): string; parseUnitFile(t: string): Record<string, Record<string, string[]>> };
const dpkg = load('./dpkg.cjs') as { showFormat(fmt: string, f: Map<string, string>): string };

describe('guest catalog', () => {
  it('finds real packages, accepts well-formed unknown names, refuses invalid or listed-unknown ones', () => {
    expect(catalog.findPackage('nginx')?.version).toBe('1.22.1-9+deb12u1');
    expect(catalog.findPackage('nginx=1.22.1-9')?.name).toBe('nginx');
    expect(catalog.findPackage('libfoo-dev')?.name).toBe('libfoo-dev');
    for (const bad of ['Bad_Name', 'x', '-rf', 'no-such-package', 'nonexistent-thing']) expect(catalog.findPackage(bad)).toBeUndefined();
  });
});

describe('guest journal format', () => {
  const entry = { t: Date.UTC(2024, 4, 6, 9, 5, 7), host: 'ct101', ident: 'systemd', pid: 1, unit: 'nginx.service', msg: 'Started x.' };
  it('renders journald short, short-iso and cat formats in UTC', () => {
    expect(journal.format(entry, 'short')).toBe('May 06 09:05:07 ct101 systemd[1]: Started x.');
    expect(journal.format(entry, 'short-iso')).toBe('2024-05-06T09:05:07+00:00 ct101 systemd[1]: Started x.');
    expect(journal.format(entry, 'cat')).toBe('Started x.');
  });
});

describe('guest unit files', () => {
  it('normalizes names and parses sections with repeated keys', () => {
    expect(units.normalizeName('nginx')).toBe('nginx.service');
    expect(units.normalizeName('x.timer')).toBe('x.timer');
    const parsed = units.parseUnitFile('# c\n[Unit]\nDescription=A = B\n[Service]\nExecStartPre=/a\nExecStartPre=/b\n');
    expect(parsed).toEqual({ Unit: { Description: ['A = B'] }, Service: { ExecStartPre: ['/a', '/b'] } });
  });
});

describe('dpkg-query --showformat', () => {
  it('substitutes fields, widths and escapes', () => {
    const f = new Map([
      ['Package', 'bash'],
      ['Version', '5.2'],
      ['Status', 'install ok installed'],
    ]);
    expect(dpkg.showFormat('${Package;-6}|${Version;5}|${db:Status-Abbrev}\\n', f)).toBe('bash  |  5.2|ii \n');
  });
});
