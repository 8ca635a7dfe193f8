import type { Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import type { Viewer } from '../scopes';
import { operationEventsKey, type OperationStateName } from './channel';
import { isTerminal } from './events';
import { operationView, type OperationView } from './queries';

/** A blocking read waits this long (under the client's 5 s command timeout), then the row is looked at again. */
const BLOCK_MS = 4_000;
/** Batches at most this often: a chatty task log costs one row read per batch, not per line. */
const COALESCE_MS = 150;

export type FollowItem = { type: 'view'; view: OperationView } | { type: 'idle' } | { type: 'end'; state: OperationStateName };

/**
 * Follows one operation for a push channel (the SSE route). Opening checks the viewer's right to
 * read it (NotFound otherwise, before the route answers) and reads the view after `after` (the
 * shape GET /api/operations/<id> answers). `rest` then yields a new view whenever the channel
 * gets events (XREAD BLOCK on a connection of its own, since a blocking read holds its
 * connection), `idle` when nothing happened for a while (the route sends a heartbeat), and `end`
 * once the operation has ended and every event is sent. It also stops when `signal` aborts or
 * after `maxMs` (the browser resumes from its last event id).
 */
export async function followOperationViews(
  deps: { db: Db; redis: Redis },
  viewer: Viewer,
  operationId: string,
  after: string,
  opts: { signal: AbortSignal; maxMs: number },
): Promise<{ first: OperationView; rest: AsyncGenerator<FollowItem> }> {
  const first = await operationView(deps, viewer, operationId, after);
  return { first, rest: followAfter(deps, viewer, first, opts) };
}

async function* followAfter(deps: { db: Db; redis: Redis }, viewer: Viewer, first: OperationView, opts: { signal: AbortSignal; maxMs: number }): AsyncGenerator<FollowItem> {
  const operationId = first.operation.id;
  let view = first;
  // The row ends just before its last event is written: done once it ended and nothing more came.
  const ended = () => isTerminal(view.operation.state) && view.events.length === 0;
  if (ended()) {
    yield { type: 'end', state: view.operation.state };
    return;
  }
  const until = Date.now() + opts.maxMs;
  const blocking = deps.redis.duplicate();
  const stop = () => blocking.disconnect();
  opts.signal.addEventListener('abort', stop);
  try {
    let cursor = view.cursor;
    let state = view.operation.state;
    while (!opts.signal.aborted && Date.now() < until) {
      // Ended already: only what is left of the channel is read, without waiting.
      if (!isTerminal(state)) {
        const wait = Math.max(1, Math.min(BLOCK_MS, until - Date.now()));
        // Only a wake-up: operationView reads the events (and the row) after the cursor.
        const woke = await blocking.xread('COUNT', 1, 'BLOCK', wait, 'STREAMS', operationEventsKey(operationId), cursor === '0' ? '0-0' : cursor).then(
          (r) => (r ? 'events' : 'quiet'),
          () => 'broken',
        );
        if (opts.signal.aborted) return;
        await sleep(woke === 'events' ? COALESCE_MS : woke === 'broken' ? 1_000 : 0);
      }
      view = await operationView(deps, viewer, operationId, cursor);
      if (view.events.length > 0 || view.operation.state !== state) {
        cursor = view.cursor;
        state = view.operation.state;
        yield { type: 'view', view };
      } else {
        yield { type: 'idle' };
      }
      if (ended()) {
        yield { type: 'end', state: view.operation.state };
        return;
      }
    }
  } finally {
    opts.signal.removeEventListener('abort', stop);
    blocking.disconnect();
  }
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
