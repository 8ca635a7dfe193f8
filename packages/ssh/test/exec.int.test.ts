import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellJoin, SshError, type NodeSsh, type SshPool } from '../src';
import { newPool, passwordTarget, startTestNode, type TestNode } from './helpers';

let node: TestNode;
let pool: SshPool;
let ssh: NodeSsh;

beforeAll(async () => {
  node = await startTestNode({ containers: [{ vmid: 101 }, { vmid: 102 }, { vmid: 103, status: 'stopped' }] });
  pool = newPool();
  ssh = pool.node(passwordTarget(node));
});
afterAll(async () => {
  await pool?.close();
  await node?.close();
});

const HOSTILE = [
  "it's",
  'say "hi"',
  '\'"\'"',
  'a; rm -rf /',
  '$(id)',
  '`id`',
  '${HOME}',
  'line1\nline2',
  'tab\there',
  '\\n',
  '*',
  '?[a-z]*',
  '~',
  '#comment',
  'ünïcødé — 😀',
  '--',
  '-n',
  '',
  '  spaced  ',
  'x'.repeat(100 * 1024),
];

describe('argv and stdin arrive verbatim', () => {
  it('passes hostile strings as single arguments', async () => {
    const r = await ssh.pctExec(101, ['printf', '%s\\0', ...HOSTILE]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(HOSTILE);
  });

  it("sends a long argv on stdin ahead of the command's own input", async () => {
    const big = `${'y'.repeat(60 * 1024)}'$(id)'`;
    const r = await ssh.pctExec(101, ['sh', '-c', 'cat; printf "|%s|%s" "$1" "$2"', 'sh', big, "it's"], { stdin: 'stdin-data' });
    expect(r).toMatchObject({ exitCode: 0, stdout: `stdin-data|${big}|it's` });
  });

  it('quotes exactly like a real POSIX shell expects', () => {
    for (const shell of ['sh', 'bash']) {
      const out = execFileSync(shell, ['-c', `printf '%s\\0' ${shellJoin(HOSTILE)}`], { maxBuffer: 1 << 24 }).toString();
      expect(out.split('\0').slice(0, -1)).toEqual(HOSTILE);
    }
  });

  it('streams 100 KB of stdin (string, Buffer or stream) unchanged', async () => {
    const data = crypto.randomBytes(100 * 1024);
    const sha = crypto.createHash('sha256').update(data).digest('hex');
    for (const stdin of [data, Readable.from([data.subarray(0, 5000), data.subarray(5000)])]) {
      expect((await ssh.pctExec(101, ['sha256sum'], { stdin })).stdout).toBe(`${sha}  -\n`);
    }
    expect((await ssh.pctExec(101, ['cat'], { stdin: 'héllo\n' })).stdout).toBe('héllo\n');
  });
});

describe('exit codes and errors', () => {
  it.each([0, 1, 7, 127, 255])('returns exit code %i unchanged', async (code) => {
    const argv = code === 127 ? ['no-such-program'] : ['sh', '-c', `exit ${code}`];
    expect((await ssh.pctExec(101, argv)).exitCode).toBe(code);
  });

  it('throws not-running for a stopped CT and no-container for an unknown one', async () => {
    await expect(ssh.pctExec(103, ['true'])).rejects.toMatchObject({ kind: 'not-running', code: 'SSH' });
    await expect(ssh.pctExec(999, ['true'])).rejects.toMatchObject({ kind: 'no-container' });
    await expect(ssh.pctExec(42, ['true'])).rejects.toMatchObject({ kind: 'invalid-argument' });
  });

  it('runs node-level commands', async () => {
    expect((await ssh.exec(['pveversion'])).stdout).toMatch(/^pve-manager\//);
    expect(await ssh.exec(['command', '-v', 'pct'])).toMatchObject({ exitCode: 0, stdout: '/usr/sbin/pct\n' });
  });
});

describe('isolation seen through pctExec', () => {
  it('keeps CTs apart from each other and from the host', async () => {
    const token = crypto.randomBytes(6).toString('hex');
    await ssh.pctExec(101, ['sh', '-c', `echo ${token} > /tmp/only-in-101`]);
    expect((await ssh.pctExec(101, ['cat', '/tmp/only-in-101'])).stdout).toBe(`${token}\n`);
    expect((await ssh.pctExec(102, ['cat', '/tmp/only-in-101'])).exitCode).not.toBe(0);
    const hostMarker = `/root/kiln-ssh-marker-${token}`;
    execFileSync('touch', [hostMarker]);
    try {
      expect((await ssh.pctExec(101, ['ls', hostMarker])).exitCode).not.toBe(0);
    } finally {
      execFileSync('rm', ['-f', hostMarker]);
    }
    const write = await ssh.pctExec(101, ['touch', '/usr/x']);
    expect(write.exitCode).toBe(1);
    expect(write.stderr).toContain('Read-only file system');
  });
});

describe('output handling', () => {
  it('streams output live and keeps only the tail beyond the cap', async () => {
    const small = newPool({ outputLimitBytes: 1000 });
    try {
      const chunks: string[] = [];
      const r = await small.node(passwordTarget(node)).pctExec(101, ['sh', '-c', 'seq 1 5000; echo warn >&2'], {
        onOutput: (chunk, stream) => chunks.push(`${stream}:${chunk.length}`),
      });
      expect(r.truncated).toBe(true);
      expect(r.stdout.length).toBe(1000);
      expect(r.stdout.endsWith('4999\n5000\n')).toBe(true);
      expect(r.stderr).toBe('warn\n');
      expect(chunks.some((c) => c.startsWith('stdout:'))).toBe(true);
      expect(chunks).toContain('stderr:5');
    } finally {
      await small.close();
    }
  });
});

describe('timeouts and cancellation', () => {
  const running = (marker: string) =>
    execFileSync('ps', ['-eo', 'args'])
      .toString()
      .split('\n')
      .some((l) => l.trim() === `sleep ${marker}`);
  const gone = async (marker: string) => {
    for (let i = 0; i < 100 && running(marker); i++) await new Promise((r) => setTimeout(r, 50));
    return !running(marker);
  };

  it('kills the remote command when the timeout passes', async () => {
    const marker = String(50000 + Math.floor(Math.random() * 9999));
    const err = await ssh.pctExec(101, ['sleep', marker], { timeout: 400 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshError);
    expect(err).toMatchObject({ kind: 'timeout', details: { reason: 'deadline' } });
    expect(await gone(marker)).toBe(true);
  });

  it('kills it on AbortSignal too', async () => {
    const marker = String(60000 + Math.floor(Math.random() * 9999));
    const ctl = new AbortController();
    const call = ssh.pctExec(101, ['sleep', marker], { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 300);
    await expect(call).rejects.toMatchObject({ kind: 'timeout', details: { reason: 'aborted' } });
    expect(await gone(marker)).toBe(true);
  });
});
