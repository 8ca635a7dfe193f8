import type { ServerResponse } from 'node:http';

/**
 * Next.js flushes the gzip stream after every chunk it writes, so that streamed pages reach the
 * browser early. A page arrives in dozens of chunks within one turn of the event loop, and each
 * flush ends a deflate block and costs a socket write: the containers page spent more CPU on
 * that than on rendering its rows. Here the flushes of one turn become one, right after it, so
 * whatever a turn wrote still leaves at once (streaming and server-sent events are unchanged).
 * The compression middleware installs `res.flush` on each response; the setter catches it.
 */
export function coalesceFlushes(res: Pick<ServerResponse, 'writableEnded'>): void {
  let flush: (() => void) | undefined;
  let pending = false;
  const run = () => {
    pending = false;
    if (!res.writableEnded) flush?.();
  };
  const scheduled = () => {
    if (pending) return;
    pending = true;
    setImmediate(run);
  };
  Object.defineProperty(res, 'flush', {
    configurable: true,
    enumerable: false,
    get: () => (flush ? scheduled : undefined),
    set: (fn: (() => void) | undefined) => {
      flush = fn;
    },
  });
}
