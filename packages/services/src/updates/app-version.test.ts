import { describe, expect, it } from 'vitest';
import { renderAppVersion } from '@kiln/core/templates';
import { SshError, type NodeSsh } from '@kiln/ssh';
import { appVersionView, detectAppVersion } from './app-version';

const app = renderAppVersion({ name: 'nginx', installed: { command: ['nginx', '-v'], match: 'nginx/(\\S+)' }, latest: { command: 'echo 1.26.1' }, timeout: 5 })!;

/** A node whose `pct exec` answers per program (argv[0]), or throws. */
function fakeSsh(answers: Record<string, { stdout?: string; stderr?: string; exitCode?: number } | Error>) {
  const calls: { argv: readonly string[]; stdin?: unknown; timeout?: number }[] = [];
  const ssh = {
    pctExec: async (_vmid: number, argv: readonly string[], opts: { stdin?: unknown; timeout?: number } = {}) => {
      calls.push({ argv, stdin: opts.stdin, timeout: opts.timeout });
      const a = answers[argv[0]!];
      if (a instanceof Error) throw a;
      return { stdout: a?.stdout ?? '', stderr: a?.stderr ?? '', exitCode: a?.exitCode ?? 0, signal: null };
    },
  } as unknown as NodeSsh;
  return { ssh, calls };
}

describe('detectAppVersion', () => {
  it('runs the installed then the latest command (scripts on stdin) with the timeout, and reads both', async () => {
    const { ssh, calls } = fakeSsh({ nginx: { stderr: 'nginx version: nginx/1.22.1\n' }, sh: { stdout: '1.26.1\n' } });
    expect(await detectAppVersion(ssh, 101, app)).toEqual({ name: 'nginx', installed: '1.22.1', latest: '1.26.1', error: null });
    expect(calls.map((c) => [c.argv[0], c.stdin, c.timeout])).toEqual([
      ['nginx', undefined, 5000],
      ['sh', 'echo 1.26.1', 5000],
    ]);
  });

  it('keeps what it could read and says why not for the rest: a timeout, an exit code, an SSH error', async () => {
    const timedOut = fakeSsh({ nginx: new SshError('timeout', 'Command timed out after 5000 ms'), sh: { stdout: '1.26.1' } });
    expect(await detectAppVersion(timedOut.ssh, 101, app)).toEqual({ name: 'nginx', installed: null, latest: '1.26.1', error: 'installed: no answer within 5 s' });
    const failed = fakeSsh({ nginx: { stderr: 'nginx version: nginx/1.22.1' }, sh: { stderr: 'curl: (6) Could not resolve host\n', exitCode: 6 } });
    expect(await detectAppVersion(failed.ssh, 101, app)).toEqual({ name: 'nginx', installed: '1.22.1', latest: null, error: 'latest: exited with 6: curl: (6) Could not resolve host' });
    const gone = fakeSsh({ nginx: new SshError('unreachable', 'pve1 is unreachable'), sh: new Error('boom') });
    expect((await detectAppVersion(gone.ssh, 101, app)).error).toBe('installed: pve1 is unreachable; latest: failed unexpectedly (see the worker log)');
  });
});

describe('appVersionView', () => {
  const row = { appName: 'nginx', appInstalled: '1.22.1', appLatest: '1.26.1', appError: null };
  it('says whether a newer version is available, and is null without an app version check', () => {
    expect(appVersionView(row)).toEqual({ name: 'nginx', installed: '1.22.1', latest: '1.26.1', error: null, update: true });
    expect(appVersionView({ ...row, appLatest: '1.22.1' })?.update).toBe(false);
    expect(appVersionView({ ...row, appLatest: null, appError: 'latest: printed nothing' })).toMatchObject({ update: false, error: 'latest: printed nothing' });
    expect(appVersionView({ appName: null, appInstalled: null, appLatest: null, appError: null })).toBeNull();
  });
});
