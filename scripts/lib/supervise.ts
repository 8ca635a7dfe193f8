// Keeps a long-running child (web, worker) alive for `npm start`: a child that dies is started
// again after a backoff (1 s, 2 s, 4 s ... 30 s), which resets once a run lasted a minute, so a
// crash loop does not spin and a crash after hours restarts at once.
import type { ChildProcess } from 'node:child_process';
import { startAgain, startedAt, stopChild } from './run';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A run at least this long counts as healthy: the next restart waits initialMs again. */
  resetAfterMs: number;
}

export const RESTART_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

/** Delay before the next start, given the previous delay (none yet) and how long the last run lasted. */
export function nextRestartDelay(previousMs: number | undefined, uptimeMs: number, policy: BackoffPolicy = RESTART_BACKOFF): number {
  if (previousMs === undefined || uptimeMs >= policy.resetAfterMs) return policy.initialMs;
  return Math.min(previousMs * 2, policy.maxMs);
}

export interface SupervisorOptions {
  policy?: BackoffPolicy;
  log?: (line: string) => void;
  /** Starts the replacement; by default the same command as the first child. */
  respawn?: (dead: ChildProcess) => ChildProcess;
}

export class Supervisor {
  #child: ChildProcess;
  #startedAt: number;
  #delay: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopping = false;
  restarts = 0;

  constructor(
    readonly name: string,
    first: ChildProcess,
    private readonly opts: SupervisorOptions = {},
  ) {
    this.#child = first;
    this.#startedAt = startedAt(first) ?? Date.now();
    this.#watch(first);
  }

  /** The process running now (a new one after each restart). */
  get child(): ChildProcess {
    return this.#child;
  }

  #log(line: string) {
    (this.opts.log ?? ((l: string) => console.error(l)))(`kiln: ${line}`);
  }

  #watch(child: ChildProcess) {
    child.once('exit', (code, signal) => setImmediate(() => this.#onExit(child, code, signal)));
  }

  /** Deferred a tick after the exit: on Ctrl+C the children get SIGINT too, and stop() must win. */
  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null) {
    if (this.#stopping || child !== this.#child) return;
    const uptime = Date.now() - this.#startedAt;
    this.#delay = nextRestartDelay(this.#delay, uptime, this.opts.policy);
    const how = signal ? `signal ${signal}` : `code ${code}`;
    this.#log(`${this.name} exited unexpectedly (${how}) after ${formatMs(uptime)}; restarting in ${formatMs(this.#delay)}.`);
    this.#timer = setTimeout(() => this.#restart(), this.#delay);
  }

  #restart() {
    this.#timer = undefined;
    if (this.#stopping) return;
    const next = (this.opts.respawn ?? startAgain)(this.#child);
    this.#child = next;
    this.#startedAt = Date.now();
    this.restarts++;
    this.#watch(next);
    this.#log(`${this.name} restarted (pid ${next.pid ?? '?'}, restart #${this.restarts}).`);
  }

  /** Stops the child for good: no restart after this, a pending one is cancelled. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    await stopChild(this.#child);
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
