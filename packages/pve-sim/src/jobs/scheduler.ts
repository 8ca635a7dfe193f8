import type { Sim } from '../sim';
import { runDueJobs } from './backup-jobs';

/**
 * pvescheduler: checks the backup jobs once a minute. Its clock is an option so that tests can
 * move time forward instead of waiting for `sat 02:00`.
 */
export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sim: Sim,
    private readonly clock: () => number,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Runs what is due now (by the clock); returns the vzdump UPIDs started. */
  tick(): string[] {
    return runDueJobs(this.sim, this.clock());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
