import { isAppError } from '@kiln/core';
import { UNIT_NAME_RE } from '@kiln/services';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerServices } from '@/features/container-detail/server';
import { currentUser } from '@/server/session';

export const dynamic = 'force-dynamic';

/** A follow holds one of the node's SSH sessions: it ends on its own after this long. */
const MAX_FOLLOW_MS = 15 * 60_000;

/**
 * Follows a service's journal live as server-sent events (`journalctl -f` over the node's pooled
 * SSH connection). Ends when the browser closes the stream or after MAX_FOLLOW_MS.
 */
export async function GET(req: Request, { params }: { params: Promise<{ nodeId: string; vmid: string }> }) {
  const cur = await currentUser();
  if (!cur) return new Response('Sign in again.', { status: 401 });
  const ref = containerRefSchema.safeParse(await params);
  const unit = new URL(req.url).searchParams.get('unit') ?? '';
  if (!ref.success || !UNIT_NAME_RE.test(unit)) return new Response('Not found', { status: 404 });

  const abort = new AbortController();
  req.signal.addEventListener('abort', () => abort.abort());
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(enc.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          abort.abort(); // the client went away
        }
      };
      // Comments keep proxies from closing a quiet stream.
      const keepAlive = setInterval(() => send('ping', Date.now()), 20_000);
      send('open', { unit });
      containerServices()
        .follow(cur.user.id, ref.data, unit, (lines) => send('lines', lines), { signal: abort.signal, maxMs: MAX_FOLLOW_MS })
        .then(() => send('end', { reason: abort.signal.aborted ? 'closed' : 'time limit' }))
        .catch((e: unknown) => send('failure', { message: isAppError(e) ? e.message : 'Following the journal failed.' }))
        .finally(() => {
          clearInterval(keepAlive);
          try {
            controller.close();
          } catch {
            /* already closed */
          }
        });
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
}
