// `npm start` keeps the worker alive: the real built worker, started as the stack starts it,
// is SIGKILLed and comes back (a new process that writes its heartbeat again).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { inheritedEnv, launcherSetting } from '../../scripts/lib/config';
import { ROOT } from '../../scripts/lib/paths';
import { startChild } from '../../scripts/lib/run';
import { WORKER_NODE_FLAGS } from '../../scripts/lib/stack';
import { Supervisor } from '../../scripts/lib/supervise';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-supervise-'));
const heartbeat = path.join(dir, 'heartbeat');
let sup: Supervisor | undefined;

afterAll(async () => {
  await sup?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function waitForHeartbeat(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(heartbeat)) {
    if (Date.now() > deadline) throw new Error('the worker wrote no heartbeat');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('worker supervision', () => {
  it('a SIGKILLed worker is started again and works, and the log says so', async () => {
    const env = inheritedEnv({
      NODE_ENV: 'production',
      // Its own queue prefix and console port: this worker must not take the test stack's jobs.
      REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}supervise-${randomUUID().slice(0, 8)}:`,
      CONSOLE_PORT: '0',
      KILN_HEARTBEAT_FILE: heartbeat,
    });
    const first = startChild('worker', process.execPath, [...WORKER_NODE_FLAGS, path.join(ROOT, 'apps/worker/dist/main.js')], { env, silent: true });
    const lines: string[] = [];
    sup = new Supervisor('worker', first, { log: (l) => lines.push(l) });
    await waitForHeartbeat();

    fs.rmSync(heartbeat);
    first.kill('SIGKILL');
    await waitForHeartbeat();
    expect(sup.child.pid).not.toBe(first.pid);
    expect(sup.child.exitCode).toBeNull();
    expect(lines).toEqual([
      expect.stringMatching(/^kiln: worker exited unexpectedly \(signal SIGKILL\) after [\d.]+ m?s; restarting in 1 s\.$/),
      expect.stringMatching(/^kiln: worker restarted \(pid \d+, restart #1\)\.$/),
    ]);

    // Stopping (Ctrl+C) ends it for good.
    const last = sup.child;
    await sup.stop();
    expect(last.exitCode ?? last.signalCode).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1500));
    expect(sup.child).toBe(last);
  });
});
