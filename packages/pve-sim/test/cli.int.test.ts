import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from './helpers/api';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/**
 * Starts the CLI and resolves with its banner once it printed the API URL. Node runs it with tsx
 * as a loader, so signals reach the simulator itself: the tsx launcher relays a signal and, when
 * the child does not confirm within 30 ms (a loaded machine), exits 130 on its own.
 */
function startCli(args: string[]): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: pkgDir, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (/SSH not available|SSH 127/.test(out)) resolve({ child, banner: out });
    });
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => reject(new Error(`cli exited with ${code}: ${out}`)));
  });
}

describe('pnpm sim (CLI)', () => {
  it('prints its options', async () => {
    const { stdout } = await promisify(execFile)(tsx, ['src/cli.ts', '--help'], { cwd: pkgDir });
    expect(stdout).toContain('Usage: pnpm sim [options]');
    expect(stdout).toContain('--fail <rule>');
  });

  it('starts, prints URL, generated token secret and fingerprint, applies --fail, and stops on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kiln-pve-sim-cli-'));
    dirs.push(dataDir);
    const { child, banner } = await startCli(['--port', '0', '--no-ssh', '--data-dir', dataDir, '--nodes', 'pve1,pve2', '--fail', 'GET /version=503:maintenance window']);
    const url = /API:\s+(\S+)/.exec(banner)?.[1] ?? '';
    const secret = /token secret:\s+(\S+)/.exec(banner)?.[1] ?? '';
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api2\/json$/);
    expect(secret).toMatch(/^[0-9a-f-]{36}$/);
    expect(banner).toMatch(/TLS fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);

    const api = new ApiClient(url, `PVEAPIToken=kiln@pve!kiln=${secret}`);
    try {
      // a CLI rule without a count keeps failing
      for (let i = 0; i < 2; i++) expect(await api.get('/version')).toMatchObject({ status: 503, reason: 'maintenance window' });
      expect((await api.data<unknown[]>('GET', '/nodes')).length).toBe(2);
    } finally {
      api.close();
    }
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('keeps a given token secret private', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kiln-pve-sim-cli-'));
    dirs.push(dataDir);
    const { child, banner } = await startCli(['--port', '0', '--no-ssh', '--data-dir', dataDir, '--token', 'ci@pve!ci=11111111-2222-3333-4444-555555555555', '--privileges', 'audit']);
    expect(banner).toContain('API token:       ci@pve!ci');
    expect(banner).not.toContain('11111111-2222-3333-4444-555555555555');
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });
});
