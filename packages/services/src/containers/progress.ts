import type { Redis } from '@kiln/redis';
import { PROGRESS_TTL_SECONDS, progressKey } from '../keys';

/**
 * Live progress of a container action, for the browser to poll while the action's request is
 * still waiting for the PVE task. Keyed by the user and a random id the browser chose, so one
 * user can never read another's progress.
 */
export interface TaskProgress {
  op: string;
  vmid: number;
  state: 'starting' | 'running' | 'ok' | 'failed';
  upid?: string;
  /** The PVE task log so far (last lines). */
  lines: string[];
  message?: string;
  updatedAt: number;
}

const MAX_LINES = 200;

export { progressKey };

export class ProgressWriter {
  private state: TaskProgress;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly key: string | undefined,
    op: string,
    vmid: number,
  ) {
    this.state = { op, vmid, state: 'starting', lines: [], updatedAt: Date.now() };
    this.flush();
  }

  update(patch: Partial<Omit<TaskProgress, 'lines'>>): void {
    this.state = { ...this.state, ...patch, updatedAt: Date.now() };
    this.flush();
  }

  line(text: string): void {
    this.state.lines.push(text);
    if (this.state.lines.length > MAX_LINES) this.state.lines.splice(0, this.state.lines.length - MAX_LINES);
    this.state.updatedAt = Date.now();
    this.flush();
  }

  get lines(): string[] {
    return [...this.state.lines];
  }

  /** Writes are chained so the last state always wins; failures only cost the live view. */
  private flush(): void {
    if (!this.key) return;
    const key = this.key;
    const json = JSON.stringify(this.state);
    this.pending = this.pending.then(() => this.redis.set(key, json, 'EX', PROGRESS_TTL_SECONDS)).catch(() => undefined);
  }

  settled(): Promise<unknown> {
    return this.pending;
  }
}

export async function readProgress(redis: Redis, userId: string, progressId: string): Promise<TaskProgress | null> {
  const raw = await redis.get(progressKey(userId, progressId));
  return raw ? (JSON.parse(raw) as TaskProgress) : null;
}
