'use client';

import { useEffect, useRef } from 'react';
import type { OperationEventEntry, OperationStateName } from '@kiln/services';

/** What GET /api/operations/[id]?after= answers (the fields the creation panel reads). */
export interface FollowedOperation {
  operation: { id: string; state: OperationStateName; message: string | null };
  events: OperationEventEntry[];
}

const TERMINAL = new Set<OperationStateName>(['succeeded', 'failed', 'cancelled']);

/**
 * Follows one operation through the common route: polls with a cursor while it is not finished,
 * hands each batch of events over, and stops once it ends. `from` is where the page's server
 * render stopped reading the channel, so nothing is shown twice and nothing is missed.
 */
export function useFollowOperation(operationId: string | null, from: string, onBatch: (batch: FollowedOperation) => void, onGone?: () => void): void {
  const handler = useRef(onBatch);
  handler.current = onBatch;
  const gone = useRef(onGone);
  gone.current = onGone;

  useEffect(() => {
    if (!operationId) return;
    let stop = false;
    let cursor = from;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      let delay = 1000;
      try {
        const res = await fetch(`/api/operations/${operationId}?after=${encodeURIComponent(cursor)}`, { cache: 'no-store' });
        if (res.status === 404) {
          gone.current?.();
          return;
        }
        if (res.ok) {
          const next = (await res.json()) as FollowedOperation;
          if (next.events.length) cursor = next.events.at(-1)!.id;
          if (!stop) handler.current(next);
          // Read what is left of a long backlog at once; stop after the last event of an ended operation.
          if (next.events.length >= 500) delay = 0;
          else if (TERMINAL.has(next.operation.state)) return;
        }
      } catch {
        /* offline for a moment: try again */
      }
      if (!stop) timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, 0);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [operationId, from]);
}
