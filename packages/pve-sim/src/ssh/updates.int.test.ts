import type { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRepository, type PackageRepository } from '../sandbox/package-repo';
import { startTestNode, type TestNode } from './testing/memory-cluster';
import { rawConnect, rawExec } from './testing/raw-client';

let node: TestNode;
let c: Client;
let repo: PackageRepository;
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const ct = (vmid: number, ...argv: string[]) => rawExec(c, `pct exec ${vmid} -- ${argv.map(q).join(' ')}`);

beforeAll(async () => {
  node = await startTestNode({
    containers: [{ vmid: 101 }, { vmid: 102 }, { vmid: 103 }, { vmid: 104 }, { vmid: 110, ostemplate: 'local:vztmpl/alpine-3.22-default_20250617_amd64.tar.xz' }],
  });
  c = await rawConnect({ host: node.host, port: node.port, username: 'root', password: node.rootPassword });
  repo = packageRepository(node.dir);
});
afterAll(async () => {
  c?.end();
  await node?.close();
});

describe('apt: published versions', () => {
  it('lists a published security update after apt-get update, and upgrades files, version and service', async () => {
    expect((await ct(101, 'apt-get', 'install', '-y', 'nginx')).code).toBe(0);
    repo.publish('debian', {
      name: 'nginx',
      version: '1.22.1-9+deb12u2',
      security: true,
      files: { '/etc/nginx/nginx.conf': 'user www-data;\n# 1.22.1-9+deb12u2\n' },
      binVersion: 'nginx version: nginx/1.22.1-u2',
    });
    // Not fetched yet: apt knows only its lists.
    expect((await ct(101, 'apt', 'list', '--upgradable')).stdout).toBe('Listing...\n');
    const update = await ct(101, 'apt-get', 'update');
    expect(update.code).toBe(0);
    expect(update.stdout).toContain('Get:3 http://security.debian.org bookworm-security InRelease');
    expect((await ct(101, 'apt-get', 'update')).stdout).toContain('Hit:3 http://security.debian.org bookworm-security InRelease');
    const list = await ct(101, 'apt', 'list', '--upgradable');
    expect(list.stdout).toBe('Listing...\nnginx/bookworm-security 1.22.1-9+deb12u2 amd64 [upgradable from: 1.22.1-9+deb12u1]\n');
    expect(list.stderr).toContain('WARNING: apt does not have a stable CLI interface.');
    const sim = await ct(101, 'apt-get', '-s', 'upgrade');
    expect(sim.stdout).toContain('Inst nginx [1.22.1-9+deb12u1] (1.22.1-9+deb12u2 Debian-Security:12/stable-security [amd64])');
    expect(sim.stdout).toContain('1 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.');
    expect((await ct(101, 'dpkg-query', '-W', '--showformat=${Version}', 'nginx')).stdout).toBe('1.22.1-9+deb12u1');

    const run = await ct(101, 'apt-get', '-y', 'upgrade');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Unpacking nginx (1.22.1-9+deb12u2) over (1.22.1-9+deb12u1) ...\n');
    expect(run.stdout).toContain('Setting up nginx (1.22.1-9+deb12u2) ...\n');
    expect((await ct(101, 'dpkg-query', '-W', '--showformat=${Version}', 'nginx')).stdout).toBe('1.22.1-9+deb12u2');
    expect((await ct(101, 'cat', '/etc/nginx/nginx.conf')).stdout).toBe('user www-data;\n# 1.22.1-9+deb12u2\n');
    expect((await ct(101, 'nginx', '-v')).stderr).toBe('nginx version: nginx/1.22.1-u2\n');
    expect((await ct(101, 'systemctl', 'is-active', 'nginx')).stdout).toBe('active\n');
    const journal = (await ct(101, 'journalctl', '-u', 'nginx', '--no-pager', '-o', 'cat')).stdout;
    expect(journal).toContain('Stopping nginx.service');
    expect(journal.match(/^Started nginx\.service/gm)).toHaveLength(2);
    expect((await ct(101, 'apt', 'list', '--upgradable')).stdout).toBe('Listing...\n');
  });

  it('stops an upgrade half-way like dpkg (exit 100, half-configured, service failed) and refuses the next until dpkg --configure -a', async () => {
    expect((await ct(102, 'apt-get', 'install', '-y', 'redis-server')).code).toBe(0);
    repo.publish('debian', {
      name: 'redis-server',
      version: '5:7.0.15-1~deb12u2',
      files: { '/etc/redis/redis.conf': 'port 6379\n# new\n', '/etc/redis/extra.conf': 'x\n' },
      fail: { at: 'postinst' },
    });
    await ct(102, 'apt-get', 'update');
    const run = await ct(102, 'apt-get', '-y', 'dist-upgrade');
    expect(run.code).toBe(100);
    expect(run.stderr).toContain('dpkg: error processing package redis-server (--configure):\n installed redis-server package post-installation script subprocess returned error exit status 1\n');
    expect(run.stderr).toContain('Errors were encountered while processing:\n redis-server\nE: Sub-process /usr/bin/dpkg returned an error code (1)\n');
    expect((await ct(102, 'cat', '/etc/redis/redis.conf')).stdout).toBe('port 6379\n# new\n');
    expect((await ct(102, 'dpkg', '-s', 'redis-server')).stdout).toContain('Status: install ok half-configured\n');
    expect((await ct(102, 'systemctl', 'is-active', 'redis-server')).stdout).toBe('failed\n');
    const again = await ct(102, 'apt-get', '-y', 'upgrade');
    expect(again).toMatchObject({ code: 100, stderr: "E: dpkg was interrupted, you must manually run 'dpkg --configure -a' to correct the problem. \n" });
    // The maintainer script is still broken: configuring again fails again; a fixed version configures.
    expect((await ct(102, 'dpkg', '--configure', '-a')).code).toBe(1);
    repo.publish('debian', { name: 'redis-server', version: '5:7.0.15-1~deb12u2' });
    await ct(102, 'apt-get', 'update');
    expect((await ct(102, 'dpkg', '--configure', '-a')).code).toBe(0);
    expect((await ct(102, 'dpkg', '-s', 'redis-server')).stdout).toContain('Status: install ok installed\n');
    expect((await ct(102, 'systemctl', 'is-active', 'redis-server')).stdout).toBe('active\n');
  });

  it('an unpack failure leaves part of the files replaced', async () => {
    repo.publish('debian', { name: 'cron', version: '3.0pl1-162+deb12u1', files: { '/etc/cron-a': 'a\n', '/etc/cron-b': 'b\n' }, fail: { at: 'unpack', afterFiles: 1 } });
    await ct(103, 'apt-get', 'update');
    const run = await ct(103, 'apt-get', '-y', 'upgrade');
    expect(run.code).toBe(100);
    expect(run.stderr).toContain("dpkg: error processing archive /var/cache/apt/archives/cron_3.0pl1-162+deb12u1_amd64.deb (--unpack):\n cannot copy extracted data for './etc/cron-b'");
    expect((await ct(103, 'cat', '/etc/cron-a')).stdout).toBe('a\n');
    expect((await ct(103, 'test', '-e', '/etc/cron-b')).code).toBe(1);
    expect((await ct(103, 'dpkg', '-s', 'cron')).stdout).toContain('Status: install reinstreq half-installed\n');
    repo.withdraw('debian', 'cron');
  });

  it('refuses a second apt while one holds the dpkg lock, and waits with DPkg::Lock::Timeout', async () => {
    repo.publish('debian', { name: 'bash', version: '5.2.15-2+b8', delayMs: 1500 });
    await ct(104, 'apt-get', 'update');
    const slow = ct(104, 'apt-get', '-y', 'upgrade');
    // The first holds the lock while it downloads; wait until it does.
    for (let i = 0; i < 100 && (await ct(104, 'test', '-e', '/run/lock/kiln-sim-dpkg-frontend.pid')).code !== 0; i++) await new Promise((r) => setTimeout(r, 50));
    const second = await ct(104, 'apt-get', '-y', 'install', 'jq');
    expect(second.code).toBe(100);
    expect(second.stderr).toMatch(
      /^E: Could not get lock \/var\/lib\/dpkg\/lock-frontend\. It is held by process \d+ \(apt-get\)\nN: Be aware that removing the lock file is not a solution and may break your system\.\nE: Unable to acquire the dpkg frontend lock \(\/var\/lib\/dpkg\/lock-frontend\), is another process using it\?\n$/,
    );
    const waiting = await ct(104, 'apt-get', '-y', '-o', 'DPkg::Lock::Timeout=30', 'install', 'jq');
    expect(waiting.code).toBe(0);
    expect((await slow).code).toBe(0);
    expect((await ct(104, 'dpkg-query', '-W', '--showformat=${Version}', 'bash')).stdout).toBe('5.2.15-2+b8');
    repo.withdraw('debian', 'bash');
  });
});

describe('apk: published versions', () => {
  it('lists and upgrades a newer version after apk update', async () => {
    expect((await ct(110, 'apk', 'add', 'curl')).code).toBe(0);
    repo.publish('alpine', { name: 'curl', version: '8.14.1-r2', files: { '/etc/curl-version': '8.14.1-r2\n' } });
    expect((await ct(110, 'apk', 'version', '-l', '<')).stdout).toBe(`${'Installed:'.padEnd(42)}Available:\n`);
    await ct(110, 'apk', 'update');
    expect((await ct(110, 'apk', 'version', '-l', '<')).stdout).toBe(`${'Installed:'.padEnd(42)}Available:\n${'curl-8.14.1-r1'.padEnd(40)}< 8.14.1-r2\n`);
    expect((await ct(110, 'apk', 'list', '-u')).stdout).toBe('curl-8.14.1-r2 x86_64 {curl} (MIT) [upgradable from: curl-8.14.1-r1]\n');
    const up = await ct(110, 'apk', 'upgrade');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('(1/1) Upgrading curl (8.14.1-r1 -> 8.14.1-r2)\n');
    expect((await ct(110, 'cat', '/etc/curl-version')).stdout).toBe('8.14.1-r2\n');
    expect((await ct(110, 'apk', 'list', '-u')).stdout).toBe('');
  });

  it('counts a failed post-upgrade script as an error (exit 1)', async () => {
    expect((await ct(110, 'apk', 'add', 'jq')).code).toBe(0);
    repo.publish('alpine', { name: 'jq', version: '1.8.0-r1', fail: { at: 'postinst' } });
    const up = await ct(110, 'apk', 'upgrade', '-U');
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('ERROR: jq-1.8.0-r1.post-upgrade: script exited with error 1\n1 error; ');
  });
});
