/**
 * The fixed shell programs of commands.ts, run for real with the host's sh and bash (quoting,
 * stdin handling, exit codes), and the HTTP check against a real socket.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileExec, httpCheckExec, scriptExec } from './commands';
import type { RenderedExec } from './render-types';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Like pct exec: argv as is, stdin written then closed. `path` replaces PATH (bash found by its full path). */
function run(exec: RenderedExec, opts: { path?: string } = {}): Promise<Outcome> {
  const [cmd = '', ...args] = exec.argv;
  const program = opts.path && cmd === 'bash' ? '/bin/bash' : cmd;
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line no-restricted-properties -- the commands run as a shell of this machine would, with its PATH
    const child = spawn(program, args, { env: { PATH: opts.path ?? process.env.PATH ?? '', HOME: os.tmpdir() } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(exec.stdin ?? '');
  });
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-commands-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('file writer', () => {
  const uid = String(process.getuid?.() ?? 0);

  it('writes content verbatim to a path full of shell metacharacters, with mode and owner', async () => {
    const target = path.join(dir, `a b/it's "q" $HOME;\`x\`/file.txt`);
    const content = "line 1\n$(rm -rf /) 'quoted' \\n\n\tno newline at the end";
    const r = await run(fileExec(target, '0640', uid, content));
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(target, 'utf8')).toBe(content);
    expect(fs.statSync(target).mode & 0o7777).toBe(0o640);
    // Parents get ordinary permissions, not the 0700 a blanket umask 077 would give them.
    expect(fs.statSync(path.join(dir, 'a b')).mode & 0o777).toBe(0o755);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['file.txt']);
  });

  it('replaces an existing file and refuses a directory', async () => {
    const target = path.join(dir, 'replace.conf');
    fs.writeFileSync(target, 'old');
    expect((await run(fileExec(target, '0644', uid, 'new'))).code).toBe(0);
    expect(fs.readFileSync(target, 'utf8')).toBe('new');
    const r = await run(fileExec(dir, '0644', uid, 'x'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is a directory');
  });

  it('leaves neither the file nor a temp file behind when it fails', async () => {
    const target = path.join(dir, 'fails/app.conf');
    const r = await run(fileExec(target, '0644', 'no-such-user-kiln', 'secret'));
    expect(r.code).not.toBe(0);
    expect(fs.readdirSync(path.join(dir, 'fails'))).toEqual([]);
  });
});

describe('script runner', () => {
  it('gives the script an empty stdin, so a reading command cannot swallow the rest', async () => {
    const r = await run(scriptExec('bash', 'kiln-step-t', 'if read -r line; then echo "read: $line"; else echo eof; fi\ncat\necho last'));
    expect(r).toEqual({ code: 0, stdout: 'eof\nlast\n', stderr: '' });
  });

  it('stops at the first failure, reporting the script line, and passes exit codes through', async () => {
    const r = await run(scriptExec('bash', 'kiln-step-t', 'echo one\necho two\nno-such-command-kiln\necho never'));
    expect(r.code).toBe(127);
    expect(r.stdout).toBe('one\ntwo\n');
    expect(r.stderr).toBe('kiln-step-t: line 3: no-such-command-kiln: command not found\n');
    expect((await run(scriptExec('bash', 'kiln-step-t', 'exit 7'))).code).toBe(7);
    expect((await run(scriptExec('bash', 'kiln-step-t', 'false | true\necho never'))).code).toBe(1);
  });

  it('runs heredocs and sets DEBIAN_FRONTEND; sh mode fails on unset variables', async () => {
    const r = await run(scriptExec('bash', 'kiln-step-t', 'cat <<\'EOF\'\n$HOME stays literal\nEOF\necho "$DEBIAN_FRONTEND"'));
    expect(r.stdout).toBe('$HOME stays literal\nnoninteractive\n');
    const sh = await run(scriptExec('sh', 'kiln-step-t', 'echo "$kiln_unset_variable"\necho never'));
    expect(sh.code).not.toBe(0);
    expect(sh.stdout).toBe('');
  });
});

describe('HTTP healthcheck', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.statusCode = req.url === '/ok' ? 200 : req.url === '/moved' ? 302 : 500;
      res.end('body');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // With the usual PATH curl is used when the host has it; with an empty one bash's /dev/tcp is.
  for (const [how, searchPath] of [
    ['curl or /dev/tcp', undefined],
    ['/dev/tcp', '/nonexistent'],
  ] as const) {
    it(`passes on 2xx and 3xx and fails otherwise (${how})`, async () => {
      const opts = searchPath ? { path: searchPath } : {};
      expect((await run(httpCheckExec(port, '/ok', 5), opts)).code).toBe(0);
      expect((await run(httpCheckExec(port, '/moved', 5), opts)).code).toBe(0);
      expect((await run(httpCheckExec(port, '/error', 5), opts)).code).not.toBe(0);
    });
  }

  it('fails when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await run(httpCheckExec(free, '/', 2), { path: '/nonexistent' });
    expect(r.code).toBe(1);
  });
});
