import { PveError } from '../errors';
import { sleep } from '../retry';
import type { PveTaskLogLine, PveTaskStatus } from '../schemas/tasks';

/** The two calls waitForTask needs; PveClient provides them. */
export interface TaskApi {
  taskStatus(node: string, upid: string, options?: { signal?: AbortSignal }): Promise<PveTaskStatus>;
  taskLog(node: string, upid: string, options: { start: number; limit: number; signal?: AbortSignal }): Promise<PveTaskLogLine[]>;
}

export interface WaitForTaskOptions {
  /** Called once per new log line, in order. */
  onLog?: (line: string, lineNumber: number) => void;
  signal?: AbortSignal;
  /** Give up after this many ms (the task keeps running on the node). Default: no limit. */
  timeout?: number;
  /** Longest pause between polls, ms. Polls start faster so short tasks finish quickly. Default 1000. */
  pollInterval?: number;
  /** How many last log lines a task-failed error carries. Default 20. */
  logTailLines?: number;
}

export interface TaskResult {
  upid: string;
  node: string;
  status: PveTaskStatus;
  /** `OK` or `WARNINGS: n`. */
  exitstatus: string;
  warnings: number;
}

const LOG_PAGE = 500;
const WARNINGS_RE = /^WARNINGS: (\d+)$/;

/** Whether a finished task's exit status means success (`OK`, or `WARNINGS: n`). */
export function isTaskSuccess(exitstatus: string | undefined): boolean {
  return exitstatus === 'OK' || (exitstatus !== undefined && WARNINGS_RE.test(exitstatus));
}

/**
 * Poll a task until it stops, streaming each new log line once. Resolves on `OK`/`WARNINGS: n`;
 * otherwise throws PveError kind `task-failed` with the exit status and the log tail.
 */
export async function waitForTask(api: TaskApi, node: string, upid: string, options: WaitForTaskOptions = {}): Promise<TaskResult> {
  const { signal, onLog } = options;
  const maxInterval = Math.max(50, options.pollInterval ?? 1000);
  const tailSize = options.logTailLines ?? 20;
  const deadline = options.timeout === undefined ? undefined : Date.now() + options.timeout;
  const tail: string[] = [];
  let delivered = 0; // line numbers are 1-based; `start` is the count already delivered

  const drainLog = async (): Promise<void> => {
    for (;;) {
      const lines = await api.taskLog(node, upid, { start: delivered, limit: LOG_PAGE, signal });
      // An empty log reads as a single placeholder line; it is not part of the log.
      if (lines.length === 1 && lines[0]?.n === 1 && lines[0].t === 'no content') return;
      let added = 0;
      for (const line of lines) {
        if (line.n <= delivered) continue;
        delivered = line.n;
        added++;
        tail.push(line.t);
        if (tail.length > tailSize) tail.shift();
        onLog?.(line.t, line.n);
      }
      if (lines.length < LOG_PAGE || added === 0) return;
    }
  };

  let interval = Math.min(200, maxInterval);
  for (;;) {
    // Status first, then log: once the status says stopped, the log read after it is complete.
    const status = await api.taskStatus(node, upid, { signal });
    await drainLog();
    if (status.status !== 'running') {
      const exitstatus = status.exitstatus ?? 'unknown';
      if (isTaskSuccess(exitstatus)) {
        const warnings = Number(WARNINGS_RE.exec(exitstatus)?.[1] ?? 0);
        return { upid, node, status, exitstatus, warnings };
      }
      throw new PveError({
        kind: 'task-failed',
        message: `Task ${status.type} failed: ${exitstatus}`,
        request: `task ${upid}`,
        task: { upid, exitstatus, logTail: [...tail] },
      });
    }
    if (deadline !== undefined && Date.now() + interval > deadline) {
      throw new PveError({
        kind: 'timeout',
        message: `Task ${status.type} still running after ${options.timeout} ms`,
        request: `task ${upid}`,
      });
    }
    await sleep(interval, signal);
    interval = Math.min(maxInterval, Math.round(interval * 1.5));
  }
}
