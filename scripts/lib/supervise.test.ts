import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startChild } from './run';
import { nextRestartDelay, RESTART_BACKOFF, Supervisor, type BackoffPolicy } from './supervise';

describe('nextRestartDelay', () => {
  it('doubles from 1 s up to 30 s while runs stay short, and starts over after a minute of uptime', () => {
    const delays: number[] = [];
    let d: number | undefined;
    for (let i = 0; i < 8; i++) delays.push((d = nextRestartDelay(d, 500)));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(nextRestartDelay(30_000, RESTART_BACKOFF.resetAfterMs)).toBe(1000);
    expect(nextRestartDelay(30_000, RESTART_BACKOFF.resetAfterMs - 1)).toBe(30_000);
  });
});

const FAST: BackoffPolicy = { initialMs: 50, maxMs: 200, resetAfterMs: 60_000 };
const supervisors: Supervisor[] = [];

/** A real child process that runs until it is killed. */
function sleeper(): ChildProcess {
  return startChild('sleeper', process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { silent: true });
}

function nextStart(sup: Supervisor, before: ChildProcess, timeoutMs = 10_000): Promise<ChildProcess> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (sup.child !== before && sup.child.pid) return resolve(sup.child);
      if (Date.now() > deadline) return reject(new Error('the child was not started again'));
      setTimeout(poll, 10);
    };
    poll();
  });
}

afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.stop()));
});

describe('Supervisor', () => {
  it('starts a killed child again with the same command, with growing delays, and says so', async () => {
    const lines: string[] = [];
    const first = sleeper();
    const sup = new Supervisor('sleeper', first, { policy: FAST, log: (l) => lines.push(l) });
    supervisors.push(sup);
    first.kill('SIGKILL');
    const second = await nextStart(sup, first);
    expect(second.pid).not.toBe(first.pid);
    expect(second.spawnargs).toEqual(first.spawnargs);
    second.kill('SIGKILL');
    const third = await nextStart(sup, second);
    expect(third.exitCode).toBeNull();
    expect(sup.restarts).toBe(2);
    expect(lines[0]).toMatch(/^kiln: sleeper exited unexpectedly \(signal SIGKILL\) after \d+ ms; restarting in 50 ms\.$/);
    expect(lines[1]).toMatch(/^kiln: sleeper restarted \(pid \d+, restart #1\)\.$/);
    expect(lines[2]).toMatch(/restarting in 100 ms\.$/);
  });

  it('stop() ends the child for good, and cancels a restart that was pending', async () => {
    const first = sleeper();
    const sup = new Supervisor('sleeper', first, { policy: { ...FAST, initialMs: 300 }, log: () => undefined });
    first.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 50)); // the restart is scheduled, not yet done
    await sup.stop();
    await new Promise((r) => setTimeout(r, 500));
    expect(sup.child).toBe(first);
    expect(sup.restarts).toBe(0);

    const running = sleeper();
    const sup2 = new Supervisor('sleeper', running, { policy: FAST, log: () => undefined });
    await sup2.stop();
    expect(running.signalCode ?? running.exitCode).not.toBeNull();
    await new Promise((r) => setTimeout(r, 200));
    expect(sup2.child).toBe(running);
  });
});
