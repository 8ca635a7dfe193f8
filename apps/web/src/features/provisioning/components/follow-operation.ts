'use client';

import { useEffect, useRef } from 'react';
import type { OperationEventEntry, OperationStateName } from '@kiln/services';
import { openOperationFeed } from '@/features/operations/components/operation-feed';

/** What GET /api/operations/[id]?after= answers (the fields the creation panel reads). */
export interface FollowedOperation {
  operation: { id: string; state: OperationStateName; message: string | null };
  events: OperationEventEntry[];
}

/**
 * Follows one operation through the common feed (server-sent events, polling as the fallback),
 * handing each batch of events over until it ends. `from` is where the page's server render
 * stopped reading the channel, so nothing is shown twice and nothing is missed.
 */
export function useFollowOperation(operationId: string | null, from: string, onBatch: (batch: FollowedOperation) => void, onGone?: () => void): void {
  const handler = useRef(onBatch);
  handler.current = onBatch;
  const gone = useRef(onGone);
  gone.current = onGone;

  useEffect(() => {
    if (!operationId) return;
    return openOperationFeed(operationId, from, { view: (v) => handler.current(v), gone: () => gone.current?.() });
  }, [operationId, from]);
}
