import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { inheritedEnv, launcherSetting } from '../../scripts/lib/config';
import { ROOT } from '../../scripts/lib/paths';
import { WORKER_NODE_FLAGS } from '../../scripts/lib/stack';

/**
 * A built worker process of its own (crash and restart tests kill them), with this test's env
 * plus `extra`; kept in `live` until it exits so the test can kill what is left.
 */
export function startWorkerProcess(live: Set<ChildProcess>, extra: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, path.join(ROOT, 'apps/worker/dist/main.js')], {
    env: inheritedEnv({ JOB_LOCK_MS: '3000', LOG_LEVEL: 'warn', ...extra }),
    stdio: ['ignore', 'ignore', launcherSetting('KILN_TEST_VERBOSE') ? 'inherit' : 'ignore'],
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  return child;
}

/** Sends the signal and resolves once the process has exited (at once when it already has). */
export function killProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** The afterAll of a file that starts workers of its own: kill what is left, close the simulator and the test's clients. */
export async function closeAll(fx: { workers: Set<ChildProcess>; pve?: { close(): Promise<void> }; sim?: { close(): Promise<void> } }): Promise<void> {
  const [{ closePveClients }, { closeQueues }, { closeDb }, { closeRedis }] = await Promise.all([import('@kiln/services'), import('@kiln/queue'), import('@kiln/db'), import('@kiln/redis')]);
  await Promise.all([...fx.workers].map((w) => killProcess(w, 'SIGKILL')));
  await fx.pve?.close();
  await closePveClients();
  await fx.sim?.close();
  await closeQueues();
  await closeDb();
  await closeRedis();
}
