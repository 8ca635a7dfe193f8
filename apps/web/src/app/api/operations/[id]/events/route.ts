import { NextResponse, type NextRequest } from 'next/server';
import { isAppError } from '@kiln/core';
import { OPERATION_CURSOR, followOperationViews } from '@kiln/services';
import { sseResponse } from '@/lib/sse';
import { currentUser } from '@/server/session';
import { deps } from '@/server/services';

export const dynamic = 'force-dynamic';

/** A connection lives at most this long; the browser's EventSource reconnects with Last-Event-ID. */
const MAX_CONNECTION_MS = 5 * 60_000;
/** A comment at least this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * Follows one operation as server-sent events: each `view` event carries what GET
 * /api/operations/<id> answers (the row, its children, the channel events after the previous
 * one) and its `id` is the cursor, so a reconnect resumes from `Last-Event-ID` (or `?after=`).
 * The stream ends with an `end` event once the operation has ended and every event was sent.
 * Who may read it is checked when it opens: a 404 for anyone but its requester (and admins).
 */
export async function GET(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const cur = await currentUser();
  if (!cur) return NextResponse.json({ error: 'Sign in again.' }, { status: 401 });
  const after = req.headers.get('last-event-id') ?? req.nextUrl.searchParams.get('after') ?? '0';
  if (!OPERATION_CURSOR.test(after)) return NextResponse.json({ error: 'Bad cursor.' }, { status: 400 });
  const id = (await params).id;
  const gone = new AbortController();
  let follow;
  try {
    follow = await followOperationViews(deps(), cur.user, id, after, { signal: gone.signal, maxMs: MAX_CONNECTION_MS });
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') return NextResponse.json({ error: 'Not found.' }, { status: 404 });
    throw e;
  }
  const { first, rest } = follow;
  return sseResponse(
    req,
    async (sse, signal) => {
      signal.addEventListener('abort', () => gone.abort());
      sse.send('view', first, first.cursor);
      let quietSince = Date.now();
      for await (const item of rest) {
        if (sse.closed) return;
        if (item.type === 'view') {
          sse.send('view', item.view, item.view.cursor);
          quietSince = Date.now();
        } else if (item.type === 'end') {
          sse.send('end', { state: item.state });
        } else if (Date.now() - quietSince >= HEARTBEAT_MS) {
          sse.comment('heartbeat');
          quietSince = Date.now();
        }
      }
    },
    async () => gone.abort(),
  );
}
