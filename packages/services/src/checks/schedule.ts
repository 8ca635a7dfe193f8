/**
 * When a check runs next: on its own cadence (the time it was due plus its interval), not the
 * tick's clock. A tick starts a few milliseconds late, by a different amount each time, so
 * "this tick + interval" landed just after the tick one interval later whenever that one started
 * earlier, and a 60 s check then ran 70 s after its last run. A check that fell behind (no worker
 * for a while) skips the runs it missed instead of running on every tick until it caught up.
 */
export function nextRunAfter(dueAt: number, intervalMs: number, now: number): number {
  if (dueAt + intervalMs > now) return dueAt + intervalMs;
  return dueAt + (Math.floor((now - dueAt) / intervalMs) + 1) * intervalMs;
}
