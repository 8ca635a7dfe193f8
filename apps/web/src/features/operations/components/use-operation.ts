'use client';

import { useEffect, useRef, useState } from 'react';
import type { ChildSummary, OperationSummary, OperationView } from '@kiln/services';

export interface LiveOperation {
  operation: OperationSummary;
  /** The viewer asked for it (an admin may follow others' operations, read-only). */
  mine: boolean;
  children: ChildSummary[];
  counts: OperationView['counts'];
  /** PVE task log lines so far (all tasks of the operation, in order). */
  lines: string[];
  /** The PVE task being followed. */
  upid?: string;
  done: boolean;
  ok: boolean;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Follows an operation through GET /api/operations/<id>: the first call replays the channel from
 * the start (so a reloaded page catches up), later ones ask only for events after the cursor.
 * Stops once the operation has ended. A failed poll is retried; the row is the truth anyway.
 */
export function useOperation(operationId: string | undefined, onEnd?: (op: LiveOperation) => void): LiveOperation | undefined {
  const [live, setLive] = useState<LiveOperation>();
  const endRef = useRef(onEnd);
  endRef.current = onEnd;
  useEffect(() => {
    if (!operationId) return;
    setLive(undefined);
    let stopped = false;
    let cursor = '0';
    let lines: string[] = [];
    let upid: string | undefined;
    const follow = async () => {
      let delay = 250;
      while (!stopped) {
        try {
          const res = await fetch(`/api/operations/${operationId}?after=${cursor}`, { cache: 'no-store' });
          if (res.status === 404) return;
          if (res.ok) {
            const view = (await res.json()) as OperationView;
            for (const { event } of view.events) {
              if (event.type === 'log') lines = [...lines, event.text];
              if (event.type === 'task') upid = event.upid;
            }
            if (lines.length > 2000) lines = lines.slice(-2000);
            cursor = view.cursor;
            const done = TERMINAL.has(view.operation.state);
            const next: LiveOperation = { operation: view.operation, mine: view.mine, children: view.children, counts: view.counts, lines, upid, done, ok: view.operation.state === 'succeeded' };
            if (stopped) return;
            setLive(next);
            if (done) {
              endRef.current?.(next);
              return;
            }
          }
        } catch {
          /* try again */
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(1000, delay + 125);
      }
    };
    void follow();
    return () => {
      stopped = true;
    };
  }, [operationId]);
  return live;
}
