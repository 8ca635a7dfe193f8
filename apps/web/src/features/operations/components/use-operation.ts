'use client';

import { useEffect, useRef, useState } from 'react';
import type { ChildSummary, OperationSummary, OperationView } from '@kiln/services';
import { openOperationFeed } from './operation-feed';

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
 * Follows an operation (pushed by server-sent events, or polled where they cannot be used; see
 * openOperationFeed): from the start of its channel, so a reloaded page catches up. Stops once
 * the operation has ended. The row is the truth; the channel adds the live task log.
 */
export function useOperation(operationId: string | undefined, onEnd?: (op: LiveOperation) => void): LiveOperation | undefined {
  const [live, setLive] = useState<LiveOperation>();
  const endRef = useRef(onEnd);
  endRef.current = onEnd;
  useEffect(() => {
    if (!operationId) return;
    setLive(undefined);
    let lines: string[] = [];
    let upid: string | undefined;
    let partial = '';
    let ended = false;
    const stop = openOperationFeed(operationId, '0', {
      view: (view) => {
        for (const { event } of view.events) {
          if (event.type === 'log') lines = [...lines, event.text];
          if (event.type === 'task') upid = event.upid;
          // Operations with steps of their own (an update) show each step and its command output too.
          if (event.type === 'step' && event.state === 'running' && event.message) lines = [...lines, `▸ ${event.message}`];
          if (event.type === 'output') {
            const parts = (partial + event.text).split('\n');
            partial = parts.pop() ?? '';
            lines = [...lines, ...parts];
          }
        }
        if (lines.length > 2000) lines = lines.slice(-2000);
        const done = TERMINAL.has(view.operation.state);
        const next: LiveOperation = { operation: view.operation, mine: view.mine, children: view.children, counts: view.counts, lines, upid, done, ok: view.operation.state === 'succeeded' };
        setLive(next);
        if (done && !ended) {
          ended = true;
          endRef.current?.(next);
        }
      },
    });
    return stop;
  }, [operationId]);
  return live;
}
