import type { StateStore } from './store';
import type { NodeRecord, TaskRecord } from './types';
import { encodeUpid } from './upid';

/** A failure to inject into the next task(s) of a type (`vzcreate`, `vzstart`, ...). */
export interface TaskFailureRule {
  type: string;
  vmid?: number;
  exitstatus: string;
  /** How many tasks fail (default 1; `Infinity` for all). */
  times?: number;
}

export interface TaskSpec {
  node: NodeRecord;
  type: string;
  id: string;
  user: string;
  durationMs: number;
  /** Log lines written progressively while the task runs. */
  lines?: readonly string[];
  /** The task's effect, applied when it finishes. Throwing fails the task with that text. */
  commit: (log: (line: string) => void) => Promise<void> | void;
  /** Undo partial effects when the task fails (also for injected failures and aborts). */
  rollback?: () => Promise<void> | void;
}

const MAX_TASKS_PER_NODE = 1000;

/**
 * Worker tasks (`fork_worker`): a UPID right away, a log that grows while the task runs, and an
 * exit status when it ends (`OK`, `WARNINGS: n` or the error text).
 */
export class TaskManager {
  private readonly timers = new Map<string, NodeJS.Timeout[]>();
  private readonly waiters = new Map<string, Array<(t: TaskRecord) => void>>();
  private readonly aborts = new Map<string, () => void>();
  private readonly failureRules: TaskFailureRule[] = [];

  constructor(private readonly store: StateStore) {
    // Tasks that were running when the simulator stopped died with it, as on a crashed node.
    for (const list of Object.values(store.state.tasks)) {
      for (const t of list) if (t.status === 'running') this.finish(t, 'unexpected status');
    }
  }

  addFailure(rule: TaskFailureRule): void {
    this.failureRules.push({ ...rule });
  }

  list(node: string): readonly TaskRecord[] {
    return this.store.state.tasks[node] ?? [];
  }

  find(upid: string): TaskRecord | undefined {
    const node = upid.split(':')[1] ?? '';
    return this.list(node).find((t) => t.upid === upid);
  }

  start(spec: TaskSpec): TaskRecord {
    const now = Date.now();
    const state = this.store.state;
    // PIDs grow like a busy node's: each worker gets the next few numbers.
    const last = state.lastPid[spec.node.name] ?? 40_000 + Math.floor(Math.random() * 9000);
    const pid = last + 1 + Math.floor(Math.random() * 7);
    state.lastPid[spec.node.name] = pid;
    const parts = {
      node: spec.node.name,
      pid,
      pstart: Math.floor((now - spec.node.bootTime) / 10),
      starttime: Math.floor(now / 1000),
      type: spec.type,
      id: spec.id,
      user: spec.user,
    };
    const task: TaskRecord = { ...parts, upid: encodeUpid(parts), status: 'running', log: [] };
    const list = (state.tasks[spec.node.name] ??= []);
    list.push(task);
    if (list.length > MAX_TASKS_PER_NODE) list.splice(0, list.length - MAX_TASKS_PER_NODE);
    this.store.markDirty();
    this.run(task, spec, this.takeFailure(spec));
    return task;
  }

  /** Resolves when the task has stopped. */
  wait(task: TaskRecord): Promise<TaskRecord> {
    if (task.status === 'stopped') return Promise.resolve(task);
    return new Promise((resolve) => {
      const list = this.waiters.get(task.upid) ?? [];
      list.push(resolve);
      this.waiters.set(task.upid, list);
    });
  }

  /** `DELETE /nodes/{node}/tasks/{upid}`: kill the worker. */
  abort(task: TaskRecord): void {
    this.aborts.get(task.upid)?.();
  }

  close(): void {
    for (const list of this.timers.values()) list.forEach(clearTimeout);
    this.timers.clear();
  }

  private takeFailure(spec: TaskSpec): TaskFailureRule | undefined {
    const idx = this.failureRules.findIndex((r) => r.type === spec.type && (r.vmid === undefined || String(r.vmid) === spec.id));
    const rule = this.failureRules[idx];
    if (!rule) return undefined;
    rule.times = (rule.times ?? 1) - 1;
    if (rule.times <= 0) this.failureRules.splice(idx, 1);
    return rule;
  }

  private run(task: TaskRecord, spec: TaskSpec, failure: TaskFailureRule | undefined): void {
    const lines = spec.lines ?? [];
    const timers: NodeJS.Timeout[] = [];
    this.timers.set(task.upid, timers);
    const step = lines.length > 0 ? spec.durationMs / (lines.length + 1) : 0;
    lines.forEach((line, i) => timers.push(setTimeout(() => this.log(task, line), step * (i + 1))));
    let done = false;
    const fail = async (message: string): Promise<void> => {
      done = true;
      timers.forEach(clearTimeout);
      try {
        await spec.rollback?.();
      } finally {
        this.finish(task, message.replace(/\n+$/, ''));
      }
    };
    this.aborts.set(task.upid, () => {
      if (!done) void fail('interrupted by signal');
    });
    timers.push(
      setTimeout(() => {
        if (done) return;
        const warnings = failure && /^WARNINGS: \d+$/.test(failure.exitstatus) ? failure.exitstatus : undefined;
        if (failure && !warnings) {
          void fail(failure.exitstatus);
          return;
        }
        Promise.resolve()
          .then(() => spec.commit((line) => this.log(task, line)))
          .then(
            () => {
              done = true;
              this.finish(task, warnings ?? 'OK');
            },
            (err: unknown) => fail(err instanceof Error ? err.message : String(err)),
          );
      }, spec.durationMs),
    );
  }

  private log(task: TaskRecord, line: string): void {
    task.log.push(line);
    this.store.markDirty();
  }

  private finish(task: TaskRecord, exitstatus: string): void {
    if (task.status === 'stopped') return;
    if (exitstatus.startsWith('WARNINGS: ')) {
      const n = Number(exitstatus.slice('WARNINGS: '.length));
      for (let i = 1; i <= n; i++) task.log.push(`WARN: simulated warning ${i}`);
    }
    task.log.push(exitstatus === 'OK' ? 'TASK OK' : exitstatus.startsWith('WARNINGS: ') ? `TASK ${exitstatus}` : `TASK ERROR: ${exitstatus}`);
    task.status = 'stopped';
    task.exitstatus = exitstatus;
    task.endtime = Math.floor(Date.now() / 1000);
    this.timers.delete(task.upid);
    this.aborts.delete(task.upid);
    this.store.markDirty();
    for (const resolve of this.waiters.get(task.upid) ?? []) resolve(task);
    this.waiters.delete(task.upid);
  }
}
