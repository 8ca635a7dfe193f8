import type { IncomingMessage, ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
import { constants } from 'node:zlib';
import compression from 'next/dist/compiled/compression';

/**
 * gzip at zlib's fastest level, by the same middleware Next.js uses (its `compress` is off in
 * next.config.ts, so this is the only one). Next's default, level 6, spent ~4.5 ms of CPU per
 * containers page (190 KB of HTML); level 1 takes about half that for a body ~20% larger
 * (21 KB instead of 17 KB), which on a LAN or loopback costs nothing measurable.
 */
const gzip = compression({ level: constants.Z_BEST_SPEED });

const noop = () => {};

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Whether a response to this request is worth compressing. A client on the loopback interface
 * with no trusted proxy in front (TRUST_PROXY=0) is a browser or script on this machine: there
 * gzip only costs CPU (about a tenth of a containers page view's) and saves no time. Behind a
 * trusted proxy the connection is the proxy's and the browser may be far away, so Kiln keeps
 * compressing (the proxy passes the encoding through, or decompresses and does its own).
 */
export function worthCompressing(remoteAddress: string | undefined, trustProxy: boolean): boolean {
  return trustProxy || !LOOPBACK.test(remoteAddress ?? '');
}

export function compress(req: IncomingMessage, res: ServerResponse): void {
  gzip(req, res, noop);
  // A client that disconnects mid-response leaves the middleware's zlib stream open past GC
  // (what Next.js's own releaseCompressionStream guards against): destroy it.
  res.once('close', () => {
    if (res.writableFinished) return;
    const stream = res.on('drain', noop);
    res.off('drain', noop);
    if (stream !== res && stream instanceof Duplex) stream.destroy();
  });
}
