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
  /** The auth id the UPID carries (`user@realm` or `user@realm!token`). */
  user: string;
  durationMs: number;
  /** Log lines written progressively while the task runs. */
  lines?: readonly string[];
  /**
   * The task's effect, applied when it finishes. Throwing fails the task with that text; returning
   * a count of `WARN:` lines it logged ends it as `WARNINGS: n`, as `warn` in a PVE worker does.
   */
  commit: (log: (line: string) => void) => Promise<void | number> | void | number;
  /** Undo partial effects when the task fails (also for injected failures and aborts). */
  rollback?: () => Promise<void> | void;
}

/** Roughly what PVE keeps readable (`index` rotates to `index.1` at 50 kB, ~600 entries each). */
const MAX_TASKS_PER_NODE = 1000;

/** Drops the oldest archived tasks beyond the limit; running tasks are never dropped. */
function trimArchive(list: TaskRecord[]): void {
  let excess = list.length - MAX_TASKS_PER_NODE;
  for (let i = 0; excess > 0 && i < list.length;) {
    if (list[i]?.status === 'stopped') {
      list.splice(i, 1);
      excess--;
    } else {
      i++;
    }
  }
}

/** What `upid_read_status` reports for a worker that died without writing its final line. */
export const UNEXPECTED_STATUS = 'unexpected status';

/**
 * Worker tasks (`fork_worker`): a UPID right away, a log that grows while the task runs, and an
 * exit status when it ends (`OK`, `WARNINGS: n` or the error text).
 *
 * A node's task list is kept in the order of PVE's files: running tasks in the order they were
 * started (the `active` file), finished ones in the order they were archived (the `index` file),
 * which is the order they ended, not the order they started.
 */
export class TaskManager {
  private readonly timers = new Map<string, NodeJS.Timeout[]>();
  private readonly waiters = new Map<string, Array<(t: TaskRecord) => void>>();
  private readonly aborts = new Map<string, () => void>();
  /** Workers past their timers, busy with their effect (commit or rollback). */
  private readonly inFlight = new Set<Promise<void>>();
  private readonly failureRules: TaskFailureRule[] = [];
  private closed = false;

  constructor(private readonly store: StateStore) {
    // Tasks that were running when the simulator stopped died with it, as on a crashed node.
    for (const list of Object.values(store.state.tasks)) {
      for (const t of list.filter((x) => x.status === 'running')) this.finish(t, UNEXPECTED_STATUS);
    }
  }

  addFailure(rule: TaskFailureRule): void {
    this.failureRules.push({ ...rule });
  }

  /** Every task of a node: running ones in start order, then finished ones in archive order. */
  list(node: string): readonly TaskRecord[] {
    return this.store.state.tasks[node] ?? [];
  }

  find(upid: string): TaskRecord | undefined {
    const node = upid.split(':')[1] ?? '';
    return this.list(node).find((t) => t.upid === upid);
  }

  start(spec: TaskSpec): TaskRecord {
    if (this.closed) throw new Error('unable to fork worker - simulator is shutting down');
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
    trimArchive(list);
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

  /**
   * The node goes down: workers still waiting for their time are killed where they stand (they
   * stay `running` in the state and read as `unexpected status` on the next start), and workers
   * busy applying their effect are awaited, so nothing touches the data dir afterwards.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const list of this.timers.values()) list.forEach(clearTimeout);
    this.timers.clear();
    this.aborts.clear();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private takeFailure(spec: TaskSpec): TaskFailureRule | undefined {
    const idx = this.failureRules.findIndex((r) => r.type === spec.type && (r.vmid === undefined || String(r.vmid) === spec.id));
    const rule = this.failureRules[idx];
    if (!rule) return undefined;
    rule.times = (rule.times ?? 1) - 1;
    if (rule.times <= 0) this.failureRules.splice(idx, 1);
    return rule;
  }

  /** Runs a worker's effect, tracked so `close` can wait for it. */
  private track(work: () => Promise<void>): void {
    const p = work().finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
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
      if (!done) this.track(() => fail('interrupted by signal'));
    });
    const complete = async (): Promise<void> => {
      const warnings = failure && /^WARNINGS: \d+$/.test(failure.exitstatus) ? failure.exitstatus : undefined;
      if (failure && !warnings) return fail(failure.exitstatus);
      let logged: void | number;
      try {
        logged = await spec.commit((line) => this.log(task, line));
      } catch (err) {
        return fail(err instanceof Error ? err.message : String(err));
      }
      done = true;
      if (warnings) {
        const n = Number(warnings.slice('WARNINGS: '.length));
        for (let i = 1; i <= n; i++) this.log(task, `WARN: simulated warning ${i}`);
      }
      this.finish(task, warnings ?? (logged ? `WARNINGS: ${logged}` : 'OK'));
    };
    timers.push(
      setTimeout(() => {
        if (!done) this.track(complete);
      }, spec.durationMs),
    );
  }

  private log(task: TaskRecord, line: string): void {
    task.log.push(line);
    this.store.markDirty();
  }

  private finish(task: TaskRecord, exitstatus: string): void {
    if (task.status === 'stopped') return;
    // a worker that died never wrote its last line; that is how PVE tells "unexpected status"
    if (exitstatus !== UNEXPECTED_STATUS) {
      task.log.push(exitstatus === 'OK' ? 'TASK OK' : exitstatus.startsWith('WARNINGS: ') ? `TASK ${exitstatus}` : `TASK ERROR: ${exitstatus}`);
    }
    task.status = 'stopped';
    task.exitstatus = exitstatus;
    task.endtime = Math.floor(Date.now() / 1000);
    this.archive(task);
    this.timers.delete(task.upid);
    this.aborts.delete(task.upid);
    this.store.markDirty();
    for (const resolve of this.waiters.get(task.upid) ?? []) resolve(task);
    this.waiters.delete(task.upid);
  }

  /** `active_workers` appends an ended task to the node's `index` file: move it to the end. */
  private archive(task: TaskRecord): void {
    const list = this.store.state.tasks[task.node];
    const idx = list?.indexOf(task) ?? -1;
    if (!list || idx < 0) return;
    list.splice(idx, 1);
    list.push(task);
  }
}
