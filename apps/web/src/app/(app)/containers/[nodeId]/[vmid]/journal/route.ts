import { isAppError } from '@kiln/core';
import { ALIVE_RENEW_MS, UNIT_NAME_RE, keepFollowAlive, readFollowEvents, startJournalFollow, stopJournalFollow } from '@kiln/services';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerDeps } from '@/features/container-detail/server';
import { sseResponse } from '@/lib/sse';
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
  let followId: string | undefined;
  const stop = async () => {
    if (followId) await stopJournalFollow(deps.redis, followId).catch(() => undefined);
  };
  return sseResponse(
    req,
    async (sse) => {
      try {
        followId = await startJournalFollow(deps, cur.user.id, ref.data, unit, MAX_FOLLOW_MS);
      } catch (e) {
        sse.send('failure', { message: isAppError(e) ? e.message : 'Following the journal failed.' });
        return;
      }
      const startedAt = Date.now();
      let opened = false;
      let cursor = '0';
      let lastPing = Date.now();
      let lastRenew = Date.now();
      while (!sse.closed) {
        const batch = await readFollowEvents(deps.redis, followId, cursor).catch(() => []);
        for (const { id, event } of batch) {
          cursor = id;
          if (event.type === 'open') {
            opened = true;
            sse.send('open', { unit });
          } else if (event.type === 'lines') sse.send('lines', event.lines);
          else if (event.type === 'end') {
            sse.send('end', { reason: event.reason });
            return;
          } else {
            sse.send('failure', { message: event.message });
            return;
          }
        }
        if (!opened && Date.now() - startedAt > OPEN_WAIT_MS) {
          sse.send('failure', { message: 'Kiln’s worker did not start following the journal. Check that it is running, then try again.' });
          break;
        }
        // Pings keep proxies from closing a quiet stream; the alive key keeps the worker following.
        if (Date.now() - lastPing > 20_000) {
          sse.send('ping', Date.now());
          lastPing = Date.now();
        }
        if (Date.now() - lastRenew > ALIVE_RENEW_MS) {
          await keepFollowAlive(deps.redis, followId).catch(() => undefined);
          lastRenew = Date.now();
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      await stop();
    },
    stop,
  );
}
