// dnf and rpm inside Fedora 42 (dnf5) and Rocky Linux 9 (dnf 4) containers, over `pct exec`: what
// the container says it is, published versions after a metadata refresh, upgrades that change files,
// versions and services, scriptlet failures and the rpm transaction lock of each dnf.
import type { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRepository, type PackageRepository } from '../sandbox/package-repo';
import { startTestNode, type TestNode } from './testing/memory-cluster';
import { rawConnect, rawExec } from './testing/raw-client';

const FEDORA = 'local:vztmpl/fedora-42-default_20250428_amd64.tar.xz';
const ROCKY = 'local:vztmpl/rockylinux-9-default_20240912_amd64.tar.xz';

let node: TestNode;
let c: Client;
let repo: PackageRepository;
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const ct = (vmid: number, ...argv: string[]) => rawExec(c, `pct exec ${vmid} -- ${argv.map(q).join(' ')}`);
const rpmq = async (vmid: number, name: string) => (await ct(vmid, 'rpm', '-q', '--qf', '%{EPOCHNUM}:%{VERSION}-%{RELEASE}', name)).stdout;
const lockHeld = async (vmid: number) => {
  for (let i = 0; i < 100 && (await ct(vmid, 'test', '-e', '/run/lock/kiln-sim-rpm-transaction.pid')).code !== 0; i++) await new Promise((r) => setTimeout(r, 50));
};

beforeAll(async () => {
  node = await startTestNode({
    containers: [{ vmid: 120, ostemplate: FEDORA }, { vmid: 121, ostemplate: ROCKY }, { vmid: 122, ostemplate: ROCKY }, { vmid: 123, ostemplate: FEDORA }, { vmid: 124 }],
  });
  c = await rawConnect({ host: node.host, port: node.port, username: 'root', password: node.rootPassword });
  repo = packageRepository(node.dir);
});
afterAll(async () => {
  c?.end();
  await node?.close();
});

describe('Fedora and Rocky containers', () => {
  it('say what they are, have rpm and dnf but no apt, and a Debian container has no dnf', async () => {
    const os = (vmid: number) => ct(vmid, 'sh', '-c', '. /etc/os-release; echo "$ID|$ID_LIKE|$VERSION_ID"');
    expect((await os(120)).stdout).toBe('fedora||42\n');
    expect((await os(121)).stdout).toBe('rocky|rhel centos fedora|9.4\n');
    expect((await ct(121, 'cat', '/etc/redhat-release')).stdout).toBe('Rocky Linux release 9.4 (Blue Onyx)\n');
    expect((await ct(120, 'dnf', '--version')).stdout).toMatch(/^dnf5 version 5\.2\./);
    expect((await ct(121, 'rpm', '-q', 'dnf')).stdout).toBe('dnf-4.14.0-9.el9.noarch\n');
    expect(await ct(124, 'dnf', 'check-update')).toMatchObject({ code: 127, stderr: 'sh: dnf: not found\n' });
    expect(await ct(120, 'apt-get', 'update')).toMatchObject({ code: 127, stderr: 'sh: apt-get: not found\n' });
  });
});

describe('dnf 4 (Rocky Linux 9)', () => {
  it('lists a published security update once the metadata is refreshed, and upgrades files, version and the running service', async () => {
    expect((await ct(121, 'dnf', '-y', 'install', 'nginx')).code).toBe(0);
    expect((await ct(121, 'systemctl', 'enable', '--now', 'nginx')).code).toBe(0);
    repo.publish('fedora', {
      name: 'nginx',
      version: '1:1.20.1-16.el9_4.1',
      security: true,
      files: { '/etc/nginx/nginx.conf': 'user nginx;\n# 1.20.1-16.el9_4.1\n' },
      binVersion: 'nginx version: nginx/1.20.1-16',
    });
    // Fresh metadata (6 h) is not downloaded again: only --refresh or makecache after expiry sees it.
    expect(await ct(121, 'dnf', '-q', 'check-update')).toMatchObject({ code: 0, stdout: '' });
    const check = await ct(121, 'dnf', '-q', '--refresh', 'check-update');
    expect(check.code).toBe(100);
    expect(check.stdout.split('\n').map((l) => l.trim().split(/\s+/))).toEqual([[''], ['nginx.x86_64', '1:1.20.1-16.el9_4.1', 'appstream'], ['']]);
    expect((await ct(121, 'dnf', '-q', 'updateinfo', 'list', '--security')).stdout).toMatch(/^RLSA-2025:\d{4} Important\/Sec\. nginx-1:1\.20\.1-16\.el9_4\.1\.x86_64\n$/);
    expect(await rpmq(121, 'nginx')).toBe('1:1.20.1-14.el9_2.1');

    const up = await ct(121, 'dnf', '-y', 'upgrade');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('Upgrading:\n nginx ');
    expect(up.stdout).toMatch(/\n {2}Upgrading {8}: nginx-1:1\.20\.1-16\.el9_4\.1\.x86_64 +1\/2 \n/);
    expect(up.stdout).toContain('\nUpgraded:\n  nginx-1:1.20.1-16.el9_4.1.x86_64\n\nComplete!\n');
    expect(await rpmq(121, 'nginx')).toBe('1:1.20.1-16.el9_4.1');
    expect((await ct(121, 'cat', '/etc/nginx/nginx.conf')).stdout).toBe('user nginx;\n# 1.20.1-16.el9_4.1\n');
    expect((await ct(121, 'nginx', '-v')).stderr).toBe('nginx version: nginx/1.20.1-16\n');
    expect((await ct(121, 'systemctl', 'is-active', 'nginx')).stdout).toBe('active\n');
    expect((await ct(121, 'journalctl', '-u', 'nginx', '--no-pager', '-o', 'cat')).stdout.match(/^Started nginx\.service/gm)).toHaveLength(2);
    expect(await ct(121, 'dnf', '-q', 'check-update')).toMatchObject({ code: 0, stdout: '' });
    repo.withdraw('fedora', 'nginx');
  });

  it('stops at a failing %pre (exit 1): that package keeps its version, the rest of the transaction is done', async () => {
    expect((await ct(122, 'dnf', '-y', '-q', 'install', 'cronie', 'jq')).code).toBe(0);
    repo.publish('fedora', { name: 'cronie', version: '1.5.7-12.el9', fail: { at: 'prein' } });
    repo.publish('fedora', { name: 'jq', version: '1.6-17.el9', files: { '/etc/jq-version': '1.6-17\n' } });
    const up = await ct(122, 'dnf', '-y', '--refresh', 'upgrade');
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(
      'error: %prein(cronie-1.5.7-12.el9.x86_64) scriptlet failed, exit status 1\n\nError in PREIN scriptlet in rpm package cronie\nerror: cronie-1.5.7-12.el9.x86_64: install failed\nerror: cronie-1.5.7-11.el9.x86_64: erase skipped\n',
    );
    expect(up.stderr).toMatch(/Error: Transaction failed\n$/);
    expect(await rpmq(122, 'cronie')).toBe('0:1.5.7-11.el9');
    expect(await rpmq(122, 'jq')).toBe('0:1.6-17.el9');
    expect((await ct(122, 'cat', '/etc/jq-version')).stdout).toBe('1.6-17\n');
    repo.withdraw('fedora', 'cronie');
    repo.withdraw('fedora', 'jq');
  });

  it('waits for another dnf’s rpm transaction lock ("Waiting for process with pid N to finish.")', async () => {
    expect((await ct(122, 'dnf', '-y', '-q', 'install', 'nano')).code).toBe(0);
    repo.publish('fedora', { name: 'nano', version: '5.6.1-6.el9', delayMs: 1500 });
    expect((await ct(122, 'dnf', '-q', '--refresh', 'makecache')).code).toBe(0);
    const slow = ct(122, 'dnf', '-y', 'upgrade');
    await lockHeld(122);
    const second = await ct(122, 'dnf', '-y', 'install', 'git');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/\nWaiting for process with pid \d+ to finish\.\n/);
    expect((await slow).code).toBe(0);
    expect(await rpmq(122, 'nano')).toBe('0:5.6.1-6.el9');
    repo.withdraw('fedora', 'nano');
  });
});

describe('dnf5 (Fedora 42)', () => {
  it('lists upgrades as a table, security advisories as another, and treats a failing %post as rpm does (exit 0, the service fails)', async () => {
    expect((await ct(120, 'dnf', '-y', 'install', 'nginx')).code).toBe(0);
    expect((await ct(120, 'systemctl', 'enable', '--now', 'nginx')).code).toBe(0);
    repo.publish('fedora', { name: 'nginx', version: '2:1.28.0-1.fc42', security: true, files: { '/etc/nginx/nginx.conf': '# 1.28\n' }, fail: { at: 'postinst' } });
    repo.publish('fedora', { name: 'curl', version: '8.11.1-5.fc42' });
    expect((await ct(120, 'dnf', '-q', '--refresh', 'makecache')).code).toBe(0);
    expect(await ct(120, 'dnf', '-q', '-C', 'check-update')).toMatchObject({ code: 100, stdout: 'curl.x86_64  8.11.1-5.fc42   updates\nnginx.x86_64 2:1.28.0-1.fc42 updates\n\n' });
    const adv = (await ct(120, 'dnf', '-q', '-C', 'updateinfo', 'list', '--security')).stdout.split('\n');
    expect(adv[0]?.split(/\s+/)).toEqual(['Name', 'Type', 'Severity', 'Package', 'Issued']);
    expect(adv[1]).toMatch(/^FEDORA-2025-[0-9a-f]{10} security Important +nginx-2:1\.28\.0-1\.fc42\.x86_64 2025-05-01 00:00:00$/);

    const up = await ct(120, 'dnf', '-y', 'upgrade', '--security');
    expect(up.code).toBe(0);
    expect(up.stderr).toContain('>>> Non-critical error in %post scriptlet: nginx-2:1.28.0-1.fc42.x86_64\n>>> [RPM] %post(nginx-2:1.28.0-1.fc42.x86_64) scriptlet failed, exit status 1\n');
    expect(up.stdout).toMatch(/Complete!\n$/);
    expect(await rpmq(120, 'nginx')).toBe('2:1.28.0-1.fc42');
    expect(await rpmq(120, 'curl')).toBe('0:8.11.1-4.fc42');
    expect((await ct(120, 'cat', '/etc/nginx/nginx.conf')).stdout).toBe('# 1.28\n');
    expect((await ct(120, 'systemctl', 'is-active', 'nginx')).stdout).toBe('failed\n');
    repo.withdraw('fedora', 'nginx');
    repo.withdraw('fedora', 'curl');
  });

  it('fails at once while another transaction holds the rpm lock', async () => {
    expect((await ct(123, 'dnf', '-y', '-q', 'install', 'jq')).code).toBe(0);
    repo.publish('fedora', { name: 'jq', version: '1.7.1-12.fc42', delayMs: 1500 });
    expect((await ct(123, 'dnf', '-q', '--refresh', 'makecache')).code).toBe(0);
    const slow = ct(123, 'dnf', '-y', 'upgrade');
    await lockHeld(123);
    const second = await ct(123, 'dnf', '-y', 'install', 'git');
    expect(second).toMatchObject({ code: 1, stderr: expect.stringContaining('Transaction failed: Failed to obtain rpm transaction lock. Another transaction is in progress.\n') });
    expect(await rpmq(123, 'git')).toBe('package git is not installed\n');
    expect((await slow).code).toBe(0);
    expect(await rpmq(123, 'jq')).toBe('0:1.7.1-12.fc42');
    repo.withdraw('fedora', 'jq');
  });
});
