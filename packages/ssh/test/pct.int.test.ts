import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSsh, PtySession, SshPool } from '../src';
import { newPool, passwordTarget, startTestNode, type TestNode } from './helpers';

let node: TestNode;
let pool: SshPool;
let ssh: NodeSsh;

beforeAll(async () => {
  node = await startTestNode({ containers: [{ vmid: 101 }, { vmid: 102, status: 'stopped' }] });
  pool = newPool();
  ssh = pool.node(passwordTarget(node));
});
afterAll(async () => {
  await pool?.close();
  await node?.close();
});

/** Read a PTY session until `pattern` shows up (or fail after 10 s). */
function waitFor(session: PtySession, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`never saw ${pattern} in ${JSON.stringify(seen)}`)), 10_000);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        session.off('data', onData);
        resolve(seen);
      }
    };
    session.on('data', onData);
  });
}

describe('pctPush', () => {
  it('writes content with mode and owner; secrets never touch argv', async () => {
    const secret = 'DB_PASSWORD=s3cr3t\'"$(x)\n';
    await ssh.pctPush(101, '/etc/app.env', secret, { mode: 0o600, user: 'www-data', group: 'www-data' });
    expect((await ssh.pctExec(101, ['cat', '/etc/app.env'])).stdout).toBe(secret);
    expect((await ssh.pctExec(101, ['stat', '-c', '%a %U %G', '/etc/app.env'])).stdout).toBe('600 www-data www-data\n');
  });

  it("throws typed errors: exit with pct's message, not-running for a stopped CT", async () => {
    await expect(ssh.pctPush(101, '/missing/dir/file', 'x')).rejects.toMatchObject({
      kind: 'exit',
      details: { exitCode: 255, stderr: 'failed to create file: /missing/dir/file: No such file or directory' },
    });
    await expect(ssh.pctPush(102, '/tmp/x', 'x')).rejects.toMatchObject({ kind: 'not-running' });
  });
});

describe('pctSet and pctStatus', () => {
  it('sets root-only options through pct set', async () => {
    await ssh.pctSet(101, { features: 'keyctl=1,fuse=1,nesting=1', mp0: '/srv/share,mp=/share', onboot: true, memory: 1024 }, { delete: ['swap'] });
    expect(node.view.setCalls.at(-1)).toEqual({
      vmid: 101,
      changes: { features: 'keyctl=1,fuse=1,nesting=1', mp0: '/srv/share,mp=/share', onboot: '1', memory: '1024' },
      deletes: ['swap'],
    });
  });

  it("reports a refused option with PVE's message", async () => {
    await expect(ssh.pctSet(101, { bogus: 'x' })).rejects.toMatchObject({ kind: 'exit', details: { stderr: expect.stringContaining('400 Parameter verification failed.') } });
    await expect(ssh.pctSet(101, { '--evil': 'x' })).rejects.toMatchObject({ kind: 'invalid-argument' });
  });

  it('reads the status', async () => {
    expect(await ssh.pctStatus(101)).toBe('running');
    expect(await ssh.pctStatus(102)).toBe('stopped');
    await expect(ssh.pctStatus(999)).rejects.toMatchObject({ kind: 'no-container' });
  });
});

describe('pctEnter', () => {
  it('is an interactive terminal: typed input echoes and commands run', async () => {
    const session = await ssh.pctEnter(101, { cols: 100, rows: 30 });
    await waitFor(session, /root@ct101:~# $/);
    session.write('echo kiln-ok\n');
    const screen = await waitFor(session, /\r\n(\x1b\[\?2004l\r)?kiln-ok\r\n/);
    expect(screen).toContain('echo kiln-ok');
    session.resize(120, 40);
    let size = '';
    for (let i = 0; i < 50 && !size.includes('40 120'); i++) {
      session.write('stty size\n');
      size = await waitFor(session, /\d+ \d+\r\n.*# $/s).catch(() => '');
    }
    expect(size).toContain('40 120');
    session.write('exit 3\n');
    expect(await session.exited).toBe(3);
    expect(pool.stats(passwordTarget(node))?.activeChannels).toBe(0);
  });

  it('refuses a stopped CT with not-running', async () => {
    await expect(ssh.pctEnter(102, { cols: 80, rows: 24 })).rejects.toMatchObject({ kind: 'not-running' });
  });
});

describe('guest tools through the client', () => {
  it('apt-get installs nginx, systemctl sees it active and the journal has its start', async () => {
    const install = await ssh.pctExec(101, ['apt-get', 'install', '-y', 'nginx']);
    expect(install.exitCode).toBe(0);
    expect(await ssh.pctExec(101, ['systemctl', 'is-active', 'nginx'])).toMatchObject({ exitCode: 0, stdout: 'active\n' });
    expect((await ssh.pctExec(101, ['journalctl', '-u', 'nginx', '--no-pager'])).stdout).toContain('Started nginx.service');
    expect(await ssh.pctExec(101, ['apt-get', 'install', '-y', 'no-such-package'])).toMatchObject({ exitCode: 100, stderr: 'E: Unable to locate package no-such-package\n' });
  });
});
