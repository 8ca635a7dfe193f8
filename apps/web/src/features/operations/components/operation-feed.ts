'use client';

import type { OperationView } from '@kiln/services';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export interface FeedHandlers {
  /** A view of the operation with the channel events after the previous one (in order, none twice). */
  view: (view: OperationView) => void;
  /** The operation is not (or no longer) visible: another user's, or gone. */
  gone?: () => void;
}

/**
 * Follows one operation from cursor `from` ('0': replay from the start) until it ended and every
 * event arrived. Pushed by server-sent events (GET /api/operations/<id>/events, which resumes
 * from Last-Event-ID on its own after a dropped connection); when the stream cannot be used
 * (no EventSource, a proxy that refuses it, an answer that is not a stream) it falls back to
 * polling GET /api/operations/<id>?after=<cursor>, from the last cursor seen. Returns a stop function.
 */
export function openOperationFeed(operationId: string, from: string, on: FeedHandlers): () => void {
  let stopped = false;
  let cursor = from;
  let es: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const deliver = (view: OperationView) => {
    if (stopped) return;
    cursor = view.cursor;
    on.view(view);
  };

  const poll = async (delay: number) => {
    if (stopped) return;
    let next = Math.min(1000, delay + 125);
    try {
      const res = await fetch(`/api/operations/${operationId}?after=${encodeURIComponent(cursor)}`, { cache: 'no-store' });
      if (res.status === 404) {
        if (!stopped) on.gone?.();
        return;
      }
      if (res.ok) {
        const view = (await res.json()) as OperationView;
        deliver(view);
        // A long backlog is read at once; an ended operation stops once its channel is read.
        if (view.events.length >= 500) next = 0;
        else if (TERMINAL.has(view.operation.state)) return;
      }
    } catch {
      /* offline for a moment: try again */
    }
    if (!stopped) timer = setTimeout(() => void poll(next), next);
  };

  if (typeof EventSource === 'undefined') {
    void poll(125);
  } else {
    es = new EventSource(`/api/operations/${operationId}/events?after=${encodeURIComponent(cursor)}`);
    es.addEventListener('view', (m) => deliver(JSON.parse((m as MessageEvent<string>).data) as OperationView));
    es.addEventListener('end', () => es?.close());
    es.onerror = () => {
      // A dropped connection is retried by EventSource itself (with Last-Event-ID); a refused one is closed for good.
      if (es?.readyState !== EventSource.CLOSED || stopped) return;
      es = undefined;
      void poll(125);
    };
  }

  return () => {
    stopped = true;
    es?.close();
    clearTimeout(timer);
  };
}
