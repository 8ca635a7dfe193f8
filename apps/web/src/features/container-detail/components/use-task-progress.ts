'use client';

import { useEffect, useState } from 'react';

export interface LiveProgress {
  state: 'starting' | 'running' | 'ok' | 'failed';
  upid?: string;
  lines: string[];
  message?: string;
}

/**
 * Polls the live progress of a running container action (its PVE task log) until `active` goes
 * false. Progress is a nicety: failures to poll are ignored, the action's own result decides.
 */
export function useTaskProgress(base: string, progressId: string | undefined, active: boolean): LiveProgress | undefined {
  const [progress, setProgress] = useState<LiveProgress>();
  useEffect(() => {
    if (!progressId || !active) return;
    setProgress(undefined);
    let stopped = false;
    const poll = async () => {
      while (!stopped) {
        try {
          const res = await fetch(`${base}/progress/${progressId}`, { cache: 'no-store' });
          if (res.ok) {
            const body = (await res.json()) as { progress: LiveProgress | null };
            if (!stopped && body.progress) setProgress(body.progress);
          }
        } catch {
          /* try again */
        }
        await new Promise((r) => setTimeout(r, 600));
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [base, progressId, active]);
  return progress;
}
