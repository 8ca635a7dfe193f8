import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './paths';
import { startChild, stopChild, waitForHttp } from './run';

/**
 * The worker waits on I/O nearly all the time: a small young generation keeps its idle memory
 * ~25 MB lower at no measurable cost (more, cheaper scavenges).
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=1'];

/**
 * The web app renders for many sessions at once and V8, left alone, lets the heap grow far past
 * what those requests keep alive (440-520 MB RSS after 50 sessions for 30 s). A smaller young
 * generation and an old-space limit make it collect sooner. Measured with `pnpm bench
 * containers-load` on one machine: old space 384 MB → 393 MB RSS after the load, 256 MB → 370 MB,
 * at the same throughput (22 req/s). At 100 req/s (a quiet machine, 2026-12-05) 256 MB ran out:
 * the process died of heap exhaustion mid-load; 384 MB held (p95 682 ms, 501 MB RSS).
 * The Dockerfile's web command uses the same flags.
 */
export const WEB_NODE_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=384'];

/**
 * The worker's environment on top of Kiln's: glibc gives threads that allocate their own malloc
 * arenas (up to 8 per core) and returns little of them; the worker's TLS to every cluster, SSH and
 * thread pool spread native allocations over many. Two arenas: polling 10 clusters of 900 guests
 * measured 162 MB RSS instead of 208 MB (`pnpm bench guests-page`), idle 131 MB instead of 146 MB.
 * (The web process measured the same RSS either way under the 50-session load.) No effect where
 * libc is not glibc. docker-compose.yaml and the worker's `start` script set the same.
 */
export const WORKER_ENV = { MALLOC_ARENA_MAX: '2' };

export interface Stack {
  web: ChildProcess;
  worker: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

export type WebApp = Omit<Stack, 'worker'>;

/**
 * Starts the built web app alone: Kiln's HTTP server around Next.js (apps/web/server), listening
 * on HOST (loopback unless set). Waits until it answers.
 */
export async function startWeb(env: NodeJS.ProcessEnv, opts: { port: number; silent?: boolean }): Promise<WebApp> {
  const web = startChild('web', process.execPath, [...WEB_NODE_FLAGS, path.join(ROOT, 'apps/web/dist/server.js')], {
    cwd: path.join(ROOT, 'apps/web'),
    env: { ...env, NODE_ENV: 'production', PORT: String(opts.port) },
    silent: opts.silent,
  });
  const url = `http://localhost:${opts.port}`;
  const stop = () => stopChild(web);
  try {
    await waitForHttp(`${url}/api/health`, 60_000, web);
  } catch (e) {
    await stop();
    throw e;
  }
  return { web, url, stop };
}

/** Starts the built web app and worker as child processes and waits until the web app answers. */
export async function startStack(env: NodeJS.ProcessEnv, opts: { port: number; silent?: boolean }): Promise<Stack> {
  const worker = startChild('worker', process.execPath, [...WORKER_NODE_FLAGS, path.join(ROOT, 'apps/worker/dist/main.js')], {
    env: { ...env, ...WORKER_ENV, NODE_ENV: 'production' },
    silent: opts.silent,
  });
  try {
    const { web, url, stop } = await startWeb(env, opts);
    return { web, worker, url, stop: async () => void (await Promise.all([stop(), stopChild(worker)])) };
  } catch (e) {
    await stopChild(worker);
    throw e;
  }
}
