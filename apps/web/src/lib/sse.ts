import 'server-only';

/** What a server-sent-events route writes: named events (with an id to resume from) and comments. */
export interface SseWriter {
  send(event: string, data: unknown, id?: string): void;
  /** A comment line: keeps proxies from closing a quiet stream; browsers ignore it. */
  comment(text: string): void;
  /** The client went away (or the stream was closed). */
  readonly closed: boolean;
}

export const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } as const;

/**
 * A server-sent-events response: `run` writes until it returns (the stream then closes) or the
 * client goes away (`signal` aborts, `closed` turns true). `onCancel` releases what `run` holds
 * when the browser closes first. Shared by the journal follow and the operations follow.
 */
export function sseResponse(req: Request, run: (sse: SseWriter, signal: AbortSignal) => Promise<void>, onCancel?: () => Promise<void>): Response {
  const enc = new TextEncoder();
  const gone = new AbortController();
  req.signal.addEventListener('abort', () => gone.abort());
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (gone.signal.aborted) return;
        try {
          controller.enqueue(enc.encode(text));
        } catch {
          gone.abort(); // the client went away
        }
      };
      const sse: SseWriter = {
        send: (event, data, id) => write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        comment: (text) => write(`: ${text}\n\n`),
        get closed() {
          return gone.signal.aborted;
        },
      };
      try {
        await run(sse, gone.signal);
      } finally {
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      }
    },
    async cancel() {
      gone.abort();
      await onCancel?.();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
