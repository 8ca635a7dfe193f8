import { isAppError } from '@kiln/core';
import { ALIVE_RENEW_MS, UNIT_NAME_RE, keepFollowAlive, readFollowEvents, startJournalFollow, stopJournalFollow } from '@kiln/services';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerDeps } from '@/features/container-detail/server';
import { currentUser } from '@/server/session';

export const dynamic = 'force-dynamic';

/** A follow holds one of the node's SSH sessions (in the worker): it ends on its own after this long. */
const MAX_FOLLOW_MS = 15 * 60_000;
/** How often the relay reads the follow's stream. */
const POLL_MS = 300;
/** A follow the worker has not opened by then is given up (no worker running, node unreachable). */
const OPEN_WAIT_MS = 30_000;

/**
 * Follows a service's journal live as server-sent events. The worker runs `journalctl -f` over the
 * node's pooled SSH connection and writes the lines to a Redis stream; this route checks the
 * caller, asks for the follow and relays the stream. Closing the stream ends the worker's follow.
 */
export async function GET(req: Request, { params }: { params: Promise<{ nodeId: string; vmid: string }> }) {
  const cur = await currentUser();
  if (!cur) return new Response('Sign in again.', { status: 401 });
  const ref = containerRefSchema.safeParse(await params);
  const unit = new URL(req.url).searchParams.get('unit') ?? '';
  if (!ref.success || !UNIT_NAME_RE.test(unit)) return new Response('Not found', { status: 404 });

  const deps = containerDeps();
  const enc = new TextEncoder();
  let closed = false;
  let followId: string | undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(enc.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          closed = true; // the client went away
        }
      };
      const finish = () => {
        closed = true;
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      req.signal.addEventListener('abort', () => {
        closed = true;
      });
      try {
        followId = await startJournalFollow(deps, cur.user.id, ref.data, unit, MAX_FOLLOW_MS);
      } catch (e) {
        send('failure', { message: isAppError(e) ? e.message : 'Following the journal failed.' });
        return finish();
      }
      const startedAt = Date.now();
      let opened = false;
      let cursor = '0';
      let lastPing = Date.now();
      let lastRenew = Date.now();
      while (!closed) {
        const batch = await readFollowEvents(deps.redis, followId, cursor).catch(() => []);
        for (const { id, event } of batch) {
          cursor = id;
          if (event.type === 'open') {
            opened = true;
            send('open', { unit });
          } else if (event.type === 'lines') send('lines', event.lines);
          else if (event.type === 'end') {
            send('end', { reason: event.reason });
            return finish();
          } else {
            send('failure', { message: event.message });
            return finish();
          }
        }
        if (!opened && Date.now() - startedAt > OPEN_WAIT_MS) {
          send('failure', { message: 'Kiln’s worker did not start following the journal. Check that it is running, then try again.' });
          break;
        }
        // Comments keep proxies from closing a quiet stream; the alive key keeps the worker following.
        if (Date.now() - lastPing > 20_000) {
          send('ping', Date.now());
          lastPing = Date.now();
        }
        if (Date.now() - lastRenew > ALIVE_RENEW_MS) {
          await keepFollowAlive(deps.redis, followId).catch(() => undefined);
          lastRenew = Date.now();
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      await stopJournalFollow(deps.redis, followId).catch(() => undefined);
      finish();
    },
    async cancel() {
      closed = true;
      if (followId) await stopJournalFollow(deps.redis, followId).catch(() => undefined);
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
}
