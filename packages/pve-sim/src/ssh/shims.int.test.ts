import type { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from './testing/memory-cluster';
import { rawConnect, rawExec } from './testing/raw-client';

let node: TestNode;
let c: Client;
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** Run argv in CT 101 the way Kiln's client does: pct exec + single-quoted words. */
const ct = (...argv: string[]) => rawExec(c, `pct exec 101 -- ${argv.map(q).join(' ')}`);

beforeAll(async () => {
  node = await startTestNode({ containers: [{ vmid: 101 }] });
  c = await rawConnect({ host: node.host, port: node.port, username: 'root', password: node.rootPassword });
});
afterAll(async () => {
  c?.end();
  await node?.close();
});

describe('apt-get', () => {
  it('installs nginx with its dependency, registers and starts the service like Debian', async () => {
    const r = await ct('apt-get', 'install', '-y', 'nginx');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The following NEW packages will be installed:\n  nginx nginx-common\n');
    expect(r.stdout).toContain('Setting up nginx (1.22.1-9+deb12u1) ...\nCreated symlink /etc/systemd/system/multi-user.target.wants/nginx.service \u2192 /lib/systemd/system/nginx.service.\n');
    expect(await ct('systemctl', 'is-active', 'nginx')).toEqual({ code: 0, stdout: 'active\n', stderr: '' });
    expect((await ct('systemctl', 'is-enabled', 'nginx.service')).stdout).toBe('enabled\n');
    expect((await ct('dpkg', '-s', 'nginx')).stdout).toContain('Status: install ok installed\n');
    expect((await ct('dpkg-query', '-W', '--showformat=${Version}', 'nginx')).stdout).toBe('1.22.1-9+deb12u1');
    expect((await ct('nginx', '-v')).stderr).toBe('nginx version: nginx/1.22.1\n');
    const journal = await ct('journalctl', '-u', 'nginx', '--no-pager');
    expect(journal.stdout).toMatch(/^\w{3} \d{2} \d{2}:\d{2}:\d{2} ct101 systemd\[1\]: Starting nginx\.service - A high performance web server and a reverse proxy server\.\.\.\n/);
    expect(journal.stdout).toContain('systemd[1]: Started nginx.service - A high performance web server and a reverse proxy server.\n');
    expect((await ct('apt-get', 'install', '-y', 'nginx')).stdout).toContain('nginx is already the newest version (1.22.1-9+deb12u1).');
  });

  it('fails with exit 100 for packages it cannot locate, installing nothing', async () => {
    for (const name of ['no-such-package', 'Bad_Name']) {
      const r = await ct('apt-get', 'install', '-y', 'curl', name);
      expect(r.code).toBe(100);
      expect(r.stderr).toBe(`E: Unable to locate package ${name}\n`);
    }
    expect((await ct('dpkg', '-s', 'curl')).code).toBe(1);
  });

  it('asks before installing extra packages and aborts without -y', async () => {
    const r = await ct('apt-get', 'install', 'redis-server');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Do you want to continue? [Y/n] Abort.');
    expect((await ct('systemctl', 'is-active', 'redis-server')).code).toBe(3);
  });

  it('creates the users packages need and removes services with the package', async () => {
    expect((await ct('apt-get', 'install', '-y', '-q', 'postgresql')).code).toBe(0);
    expect((await ct('id', '-un', 'postgres')).stdout).toBe('postgres\n');
    expect((await ct('systemctl', 'is-active', 'postgresql')).stdout).toBe('active\n');
    expect((await ct('apt-get', 'purge', '-y', 'postgresql-15')).code).toBe(0);
    expect(await ct('systemctl', 'is-active', 'postgresql')).toEqual({ code: 3, stdout: 'inactive\n', stderr: '' });
  });
});

describe('systemctl', () => {
  it('answers unknown units with systemd texts and exit codes', async () => {
    expect(await ct('systemctl', 'start', 'nosuch')).toEqual({ code: 5, stdout: '', stderr: 'Failed to start nosuch.service: Unit nosuch.service not found.\n' });
    expect(await ct('systemctl', 'is-active', 'nosuch')).toEqual({ code: 3, stdout: 'inactive\n', stderr: '' });
    expect((await ct('systemctl', 'status', 'nosuch')).code).toBe(4);
    expect((await ct('systemctl', 'frob')).stderr).toBe('Unknown command verb frob.\n');
  });

  it('lists services in the plain formats scripts parse', async () => {
    const units = await ct('systemctl', 'list-units', '--type=service', '--all', '--plain', '--no-legend', '--no-pager');
    expect(units.stdout).toMatch(/^ssh\.service +loaded active running OpenBSD Secure Shell server$/m);
    const files = await ct('systemctl', 'list-unit-files', '--type=service', '--plain', '--no-legend');
    expect(files.stdout).toMatch(/^cron\.service +enabled +enabled$/m);
    expect((await ct('systemctl', 'show', '-p', 'ActiveState,SubState,UnitFileState', 'cron')).stdout).toBe('ActiveState=active\nSubState=running\nUnitFileState=enabled\n');
  });

  it('runs the lifecycle of a unit a script writes to /etc/systemd/system', async () => {
    const unit = '[Unit]\nDescription=Kiln test app\n[Service]\nExecStart=/usr/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n';
    expect((await rawExec(c, 'pct push 101 /dev/stdin /etc/systemd/system/kapp.service', { stdin: unit })).code).toBe(0);
    expect((await ct('systemctl', 'daemon-reload')).code).toBe(0);
    expect(await ct('systemctl', 'is-enabled', 'kapp')).toEqual({ code: 1, stdout: 'disabled\n', stderr: '' });
    const enable = await ct('systemctl', 'enable', '--now', 'kapp');
    expect(enable).toEqual({ code: 0, stdout: '', stderr: 'Created symlink /etc/systemd/system/multi-user.target.wants/kapp.service \u2192 /etc/systemd/system/kapp.service.\n' });
    expect((await ct('systemctl', 'status', 'kapp')).stdout).toMatch(
      /^\u25cf kapp\.service - Kiln test app\n +Loaded: loaded \(\/etc\/systemd\/system\/kapp\.service; enabled; preset: enabled\)\n +Active: active \(running\) since /,
    );
    expect((await ct('systemctl', 'stop', 'kapp')).code).toBe(0);
    expect((await ct('systemctl', 'status', 'kapp')).code).toBe(3);
  });

  it('fails a start whose program is missing, like systemd (203/EXEC)', async () => {
    const unit = '[Unit]\nDescription=Broken\n[Service]\nExecStart=/opt/app/bin/server\n';
    await rawExec(c, 'pct push 101 /dev/stdin /etc/systemd/system/broken.service', { stdin: unit });
    const r = await ct('systemctl', 'start', 'broken');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Job for broken.service failed because the control process exited with error code.');
    expect((await ct('systemctl', 'is-failed', 'broken')).stdout).toBe('failed\n');
    expect((await ct('journalctl', '-u', 'broken', '-o', 'cat')).stdout).toContain('broken.service: Main process exited, code=exited, status=203/EXEC\n');
  });
});

describe('journalctl', () => {
  it('prints -- No entries -- for a unit without lines, and honours -n and -o short-iso', async () => {
    expect((await ct('journalctl', '-u', 'nothing-here', '--no-pager')).stdout).toBe('-- No entries --\n');
    const last = await ct('journalctl', '-u', 'nginx', '-n', '1', '-o', 'short-iso');
    expect(last.stdout).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00 ct101 systemd\[1\]: Started nginx\.service - .+\n$/);
  });

  it('follows new lines with -f until the channel closes', async () => {
    const seen = await new Promise<string>((resolve, reject) => {
      c.exec(`pct exec 101 -- journalctl -u nginx -f -n 0`, (err, ch) => {
        if (err) return reject(err);
        let out = '';
        ch.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Started nginx.service')) ch.close();
        });
        ch.on('close', () => resolve(out));
        setTimeout(() => void ct('systemctl', 'restart', 'nginx'), 300);
      });
    });
    expect(seen).toContain('Stopping nginx.service');
    expect(seen).toContain('Started nginx.service');
  });
});
