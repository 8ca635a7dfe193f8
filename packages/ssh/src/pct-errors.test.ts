import { describe, expect, it } from 'vitest';
import { pctCommandFailed, pctFailure } from './pct-errors';

const result = (exitCode: number, stderr: string) => ({ exitCode, stderr, stdout: '', truncated: false });

describe('pctFailure', () => {
  it('recognises pct texts only with exit 255 and as the whole stderr', () => {
    expect(pctFailure(101, result(255, "container '101' not running!\n"), 'h:22')?.kind).toBe('not-running');
    expect(pctFailure(101, result(255, 'CT 101 not running\n'), 'h:22')?.kind).toBe('not-running');
    expect(pctFailure(101, result(255, "Configuration file 'nodes/pve1/lxc/101.conf' does not exist\n"), 'h:22')?.kind).toBe('no-container');
    expect(pctFailure(101, result(127, 'bash: line 1: pct: command not found\n'), 'h:22')?.kind).toBe('no-pct');
    // The inner command's own output is never mistaken for pct's.
    expect(pctFailure(101, result(1, "container '101' not running!"), 'h:22')).toBeUndefined();
    expect(pctFailure(101, result(255, "log line\ncontainer '101' not running!"), 'h:22')).toBeUndefined();
    expect(pctFailure(102, result(255, "container '101' not running!"), 'h:22')).toBeUndefined();
  });

  it("turns other failures of management commands into exit errors carrying pct's message", () => {
    const e = pctCommandFailed('pct set', 101, result(255, '400 Parameter verification failed.\nfoo: bar\n'), 'h:22');
    expect(e).toMatchObject({ kind: 'exit', code: 'SSH', details: { exitCode: 255, stderr: '400 Parameter verification failed.\nfoo: bar' } });
    expect(e.message).toContain('pct set for CT 101 on h:22 failed (exit 255)');
  });
});
