import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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

describe('unit command lines', () => {
  const daemon = load('./daemon.cjs') as { splitCommand(line: string): string[] };
  it('splits ExecStart like systemd: prefixes dropped, quotes and backslashes honoured', () => {
    expect(daemon.splitCommand('-/usr/bin/python3 -m http.server 8080')).toEqual(['/usr/bin/python3', '-m', 'http.server', '8080']);
    expect(daemon.splitCommand(`/bin/sh -c "echo 'a b' \\"c\\"" x\\ y ''`)).toEqual(['/bin/sh', '-c', `echo 'a b' "c"`, 'x y', '']);
  });
});

describe('apk', () => {
  const apk = load('./apk.cjs') as { main(argv: string[], io: { out(s: string): void; err(s: string): void; root?: string }): number };
  const run = (root: string, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = apk.main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), root });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  it('exists in Alpine containers only, installs known packages and refuses unknown ones like apk-tools', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-apk-'));
    try {
      expect(run(root, 'add', 'bash')).toMatchObject({ code: 127, err: 'sh: apk: not found' });
      fs.mkdirSync(path.join(root, 'etc'));
      fs.writeFileSync(path.join(root, 'etc/alpine-release'), '3.22.1\n');
      const added = run(root, 'add', '--no-cache', 'bash', 'curl');
      expect(added.code).toBe(0);
      expect(added.out).toContain('(1/2) Installing bash (5.2.37-r0)\n(2/2) Installing curl (8.14.1-r1)');
      expect(run(root, 'info', '-e', 'bash')).toMatchObject({ code: 0, out: 'bash' });
      expect(run(root, 'add', 'no-such-thing')).toEqual({ code: 1, out: '', err: 'ERROR: unable to select packages:\n  no-such-thing (no such package):\n    required by: world[no-such-thing]' });
      expect(fs.readFileSync(path.join(root, 'etc/apk/world'), 'utf8')).toBe('bash\ncurl\n');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('apt sources', () => {
  const apt = load('./apt.cjs') as { main(tool: string, argv: string[], io: { out(s: string): void; err(s: string): void; root?: string }): number };
  const run = (root: string, ...argv: string[]) => {
    const out: string[] = [];
    const code = apt.main('apt-get', argv, { out: (s) => out.push(s), err: () => undefined, root });
    return { code, out: out.join('\n') };
  };
  const write = (root: string, file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  const stanza = (name: string, version: string) => `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\n`;

  it('upgrades only from the sources apt is told to read (Dir::Etc::SourceList), and drops the lists of the others', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-apt-'));
    try {
      write(root, 'var/lib/dpkg/status', `${stanza('nginx', '1.22.1-9+deb12u1')}\n${stanza('cron', '3.0pl1-162')}`);
      write(root, 'etc/apt/sources.list', 'deb http://deb.debian.org/debian bookworm main\n# security updates\ndeb http://security.debian.org bookworm-security main\n');
      write(root, 'tmp/security.list', 'deb http://security.debian.org bookworm-security main\n');
      // The repository as the container sees it at /usr/local/share/kiln-sim/repo (its host side: fsutil.at).
      write(
        root,
        'dev/.kiln-sim/usr-local/share/kiln-sim/repo/debian.json',
        JSON.stringify({ serial: 1, packages: { nginx: { version: '1.22.1-9+deb12u2', security: true }, cron: { version: '3.0pl1-162+deb12u1' } } }),
      );
      const only = ['-o', 'Dir::Etc::SourceList=/tmp/security.list', '-o', 'Dir::Etc::SourceParts=/dev/null'];
      const update = run(root, ...only, 'update');
      expect(update.out).toBe('Get:1 http://security.debian.org bookworm-security InRelease [48 kB]\nFetched 150 kB in 0s (600 kB/s)\nReading package lists...');
      expect(run(root, '-s', ...only, 'upgrade').out).toContain('Inst nginx [1.22.1-9+deb12u1] (1.22.1-9+deb12u2 Debian-Security:12/stable-security [amd64])');
      expect(run(root, '-s', ...only, 'upgrade').out).not.toContain('cron');
      // The bookworm lists are gone until the next full update.
      expect(run(root, '-s', 'upgrade').out).not.toContain('Inst cron');
      expect(run(root, 'update').out).toContain('Get:1 http://deb.debian.org/debian bookworm InRelease');
      expect(run(root, '-s', 'upgrade').out).toContain('Inst cron [3.0pl1-162] (3.0pl1-162+deb12u1 Debian:12.9/stable [amd64])');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('package versions', () => {
  const repo = load('./repo.cjs') as { compareDeb(a: string, b: string): number; compareApk(a: string, b: string): number };
  it('orders Debian versions like dpkg --compare-versions (epochs, ~, revisions)', () => {
    const sorted = ['1.0~rc1-1', '1.0-1', '1.0-1+deb12u1', '1.0-2', '1.0a-1', '1.1-1', '1:0.9-1'];
    for (let i = 1; i < sorted.length; i++) expect(repo.compareDeb(sorted[i] ?? '', sorted[i - 1] ?? '')).toBeGreaterThan(0);
    expect(repo.compareDeb('5:7.0.15-1~deb12u1', '5:7.0.15-1~deb12u1')).toBe(0);
    expect(repo.compareDeb('1.22.1-9+deb12u2', '1.22.1-9+deb12u10')).toBeLessThan(0);
  });
  it('orders apk versions by release and patch level', () => {
    expect(repo.compareApk('8.14.1-r2', '8.14.1-r1')).toBeGreaterThan(0);
    expect(repo.compareApk('10.0_p2-r0', '10.0_p1-r7')).toBeGreaterThan(0);
    expect(repo.compareApk('1.9-r0', '1.10-r0')).toBeLessThan(0);
  });
});

describe('apt-cache policy', () => {
  const aptCache = load('./apt-cache.cjs') as { main(tool: string, argv: string[], io: { out(s: string): void; err(s: string): void; root?: string }): number };
  const db = load('./dpkg-db.cjs') as { writeStatus(root: string, s: Map<string, Map<string, string>>): void; stanzaFor(p: object): Map<string, string> };
  const fsutil = load('./fsutil.cjs') as { writeJson(root: string, p: string, v: unknown): void };
  const run = (root: string, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = aptCache.main('apt-cache', argv, { out: (s) => out.push(s), err: (s) => err.push(s), root });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  it('shows the installed version, the candidate of the last apt-get update and the version table like apt 2.6', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-apt-cache-'));
    try {
      db.writeStatus(root, new Map([['nginx', db.stanzaFor(catalog.findPackage('nginx')!)]]));
      expect(run(root, 'policy', 'nginx', 'redis-server')).toEqual({
        code: 0,
        err: '',
        out: [
          'nginx:',
          '  Installed: 1.22.1-9+deb12u1',
          '  Candidate: 1.22.1-9+deb12u1',
          '  Version table:',
          ' *** 1.22.1-9+deb12u1 500',
          '        500 http://deb.debian.org/debian bookworm/main amd64 Packages',
          '        100 /var/lib/dpkg/status',
          'redis-server:',
          '  Installed: (none)',
          '  Candidate: 5:7.0.15-1~deb12u1',
          '  Version table:',
          '     5:7.0.15-1~deb12u1 500',
          '        500 http://deb.debian.org/debian bookworm/main amd64 Packages',
        ].join('\n'),
      });
      // What the container fetched at its last `apt-get update` (repo.cjs LISTS).
      fsutil.writeJson(root, '/var/lib/apt/lists/kiln-sim_packages.json', { serial: 2, packages: { nginx: { version: '1.26.1-1~deb12u1', security: true } } });
      const after = run(root, '-q', 'policy', 'nginx');
      expect(after.out.split('\n').slice(0, 7)).toEqual([
        'nginx:',
        '  Installed: 1.22.1-9+deb12u1',
        '  Candidate: 1.26.1-1~deb12u1',
        '  Version table:',
        '     1.26.1-1~deb12u1 500',
        '        500 http://security.debian.org/debian-security bookworm-security/main amd64 Packages',
        ' *** 1.22.1-9+deb12u1 500',
      ]);
      expect(run(root, 'policy', 'no-such-package')).toEqual({ code: 0, out: '', err: 'N: Unable to locate package no-such-package' });
      expect(run(root, 'show', 'nginx')).toMatchObject({ code: 100, err: 'E: kiln-sim: apt-cache show is not simulated (policy is)' });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('dnf and rpm (Fedora 42: dnf5, Rocky 9: dnf 4)', () => {
  type Io = { out(s: string): void; err(s: string): void; root?: string };
  const dnf = load('./dnf.cjs') as { main(argv: string[], io: Io, tool?: string): number };
  const rpm = load('./rpm.cjs') as { main(argv: string[], io: Io): number };
  const run = (tool: typeof dnf | typeof rpm, root: string, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = tool.main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), root });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const container = (distro: 'fedora' | 'rocky') => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `kiln-${distro}-`));
    fs.mkdirSync(path.join(root, 'etc'));
    if (distro === 'fedora') fs.writeFileSync(path.join(root, 'etc/fedora-release'), 'Fedora release 42 (Adams)\n');
    fs.writeFileSync(path.join(root, 'etc/redhat-release'), distro === 'fedora' ? 'Fedora release 42 (Adams)\n' : 'Rocky Linux release 9.4 (Blue Onyx)\n');
    return root;
  };
  /** What the host's packageRepository() writes, at the path the container's repo mount maps to from the host. */
  const publish = (root: string, packages: Record<string, object>) => {
    const dir = path.join(root, 'dev/.kiln-sim/usr-local/share/kiln-sim/repo');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'fedora.json');
    const index = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { serial: number; packages: object }) : { serial: 0, packages: {} };
    fs.writeFileSync(file, JSON.stringify({ serial: index.serial + 1, packages: { ...index.packages, ...packages } }));
  };
  const roots: string[] = [];
  const fresh = (distro: 'fedora' | 'rocky') => {
    const root = container(distro);
    roots.push(root);
    return root;
  };
  afterAll(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  it('is missing outside Fedora/Rocky, and rpm -q reads the base system', () => {
    const debian = fresh('rocky');
    fs.rmSync(path.join(debian, 'etc/redhat-release'));
    expect(run(dnf, debian, 'check-update')).toMatchObject({ code: 127, err: 'sh: dnf: not found' });
    const rocky = fresh('rocky');
    expect(run(rpm, rocky, '-q', 'bash', 'nginx')).toEqual({ code: 1, out: 'bash-5.1.8-9.el9.x86_64\npackage nginx is not installed', err: '' });
    expect(run(rpm, rocky, '-q', '--qf', '%{NAME} %{EPOCH} %{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n', 'openssl-libs', 'bash').out).toBe('openssl-libs 1 1:3.0.7-27.el9\nbash (none) 0:5.1.8-9.el9');
  });

  it('dnf 4 (Rocky): check-update exits 100 with a blank line and dnf’s columns, updateinfo marks security advisories', () => {
    const root = fresh('rocky');
    expect(run(dnf, root, '-y', '-q', 'install', 'nginx', 'cronie').code).toBe(0);
    expect(run(dnf, root, '-q', 'check-update')).toEqual({ code: 0, out: '', err: '' });
    publish(root, { nginx: { version: '1:1.20.1-16.el9_4.1', security: true }, cronie: { version: '1.5.7-12.el9' } });
    // The metadata is not expired yet: dnf does not see the new versions without --refresh.
    expect(run(dnf, root, '-q', 'check-update').code).toBe(0);
    const check = run(dnf, root, '-q', '--refresh', 'check-update');
    expect(check.code).toBe(100);
    const lines = check.out.split('\n');
    expect(lines[0]).toBe('');
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/))).toEqual([
      ['cronie.x86_64', '1.5.7-12.el9', 'baseos'],
      ['nginx.x86_64', '1:1.20.1-16.el9_4.1', 'appstream'],
    ]);
    expect(lines[1]).toHaveLength(80);
    expect(run(dnf, root, '-q', 'updateinfo', 'list', '--security').out).toMatch(/^RLSA-2025:\d{4} Important\/Sec\. nginx-1:1\.20\.1-16\.el9_4\.1\.x86_64$/);
    expect(run(dnf, root, '-q', 'updateinfo', 'list', 'sec').out).toMatch(/^RLSA-2025:\d{4} Important\/Sec\. nginx-1:1\.20\.1-16\.el9_4\.1\.x86_64$/);
    expect(run(dnf, root, '-q', 'check-upgrade')).toMatchObject({ code: 1, err: expect.stringContaining('No such command: check-upgrade.') });
    const sec = run(dnf, root, '-y', 'upgrade', '--security');
    expect(sec.code).toBe(0);
    expect(sec.out).toContain('  Upgrading        : nginx-1:1.20.1-16.el9_4.1.x86_64');
    expect(sec.out).toContain('\nUpgraded:\n  nginx-1:1.20.1-16.el9_4.1.x86_64\n\nComplete!');
    expect(run(rpm, root, '-q', 'nginx', 'cronie').out).toBe('nginx-1.20.1-16.el9_4.1.x86_64\ncronie-1.5.7-11.el9.x86_64');
  });

  it('dnf 4: a failing %pre stops that package (exit 1), the rest of the transaction is done', () => {
    const root = fresh('rocky');
    run(dnf, root, '-y', '-q', 'install', 'cronie', 'nginx');
    publish(root, { cronie: { version: '1.5.7-12.el9', fail: { at: 'prein' } }, nginx: { version: '1:1.20.1-16.el9_4.1', files: { '/etc/nginx/nginx.conf': '# new\n' } } });
    const up = run(dnf, root, '-y', '--refresh', 'upgrade');
    expect(up.code).toBe(1);
    expect(up.err).toContain('error: %prein(cronie-1.5.7-12.el9.x86_64) scriptlet failed, exit status 1\n\nError in PREIN scriptlet in rpm package cronie\n');
    expect(up.err).toContain('error: cronie-1.5.7-12.el9.x86_64: install failed\nerror: cronie-1.5.7-11.el9.x86_64: erase skipped');
    expect(up.err.split('\n').pop()).toBe('Error: Transaction failed');
    expect(up.out).toContain('\nFailed:\n  cronie-1.5.7-12.el9.x86_64');
    expect(run(rpm, root, '-q', 'cronie', 'nginx').out).toBe('cronie-1.5.7-11.el9.x86_64\nnginx-1.20.1-16.el9_4.1.x86_64');
    expect(fs.readFileSync(path.join(root, 'etc/nginx/nginx.conf'), 'utf8')).toBe('# new\n');
  });

  it('dnf5 (Fedora): check-update as a table with a blank line after it, advisory table, %post failure is non-fatal', () => {
    const root = fresh('fedora');
    expect(run(dnf, root, '-y', '-q', 'install', 'nginx').code).toBe(0);
    publish(root, { nginx: { version: '2:1.28.0-1.fc42', security: true, fail: { at: 'postinst' } }, curl: { version: '8.11.1-5.fc42' } });
    expect(run(dnf, root, '-q', '--refresh', 'makecache')).toEqual({ code: 0, out: '', err: '' });
    expect(run(dnf, root, '-q', '-C', 'check-update')).toEqual({ code: 100, out: 'curl.x86_64  8.11.1-5.fc42   updates\nnginx.x86_64 2:1.28.0-1.fc42 updates\n', err: '' });
    const adv = run(dnf, root, '-q', '-C', 'updateinfo', 'list', '--security').out.split('\n');
    expect(adv[0]?.split(/\s+/)).toEqual(['Name', 'Type', 'Severity', 'Package', 'Issued']);
    expect(adv[1]).toMatch(/^FEDORA-2025-[0-9a-f]{10} security Important +nginx-2:1\.28\.0-1\.fc42\.x86_64 2025-05-01 00:00:00$/);
    expect(adv).toHaveLength(2);
    const up = run(dnf, root, '-y', 'upgrade', 'nginx');
    expect(up.code).toBe(0);
    expect(up.err).toContain('>>> Non-critical error in %post scriptlet: nginx-2:1.28.0-1.fc42.x86_64\n>>> [RPM] %post(nginx-2:1.28.0-1.fc42.x86_64) scriptlet failed, exit status 1');
    expect(up.out.split('\n').pop()).toBe('Complete!');
    expect(run(rpm, root, '-q', 'nginx', 'curl').out).toBe('nginx-1.28.0-1.fc42.x86_64\ncurl-8.11.1-4.fc42.x86_64');
    expect(run(dnf, root, '-q', 'install', 'htop')).toMatchObject({ code: 1, out: 'Is this ok [y/N]: ', err: 'Operation aborted by the user.' });
  });

  it('orders rpm versions like rpmvercmp (epoch, ~, ^, digits over letters)', () => {
    const repo = load('./repo.cjs') as { compareRpm(a: string, b: string): number };
    const sorted = ['1.0~rc1-1', '1.0-1', '1.0^git1-1', '1.0a-1', '1.0.1-1', '1.10-1', '1:0.1-1'];
    for (let i = 1; i < sorted.length; i++) expect(repo.compareRpm(sorted[i] ?? '', sorted[i - 1] ?? '')).toBeGreaterThan(0);
    expect(repo.compareRpm('1:1.20.1-16.el9_4.1', '1:1.20.1-14.el9_2.1')).toBeGreaterThan(0);
    expect(repo.compareRpm('8.11.1-4.fc42', '8.11.1-4.fc42')).toBe(0);
  });
});
