import type { IncomingMessage, ServerResponse } from 'node:http';
import { BODY_LIMITS } from './limits';

/** The byte limit for this request's body. */
export function bodyLimitFor(req: IncomingMessage): number {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/api/auth/login') return BODY_LIMITS.login;
  // Server actions post to the page's own URL (with JavaScript: a Next-Action header; without:
  // a form post), so any POST outside /api is one.
  if (req.method === 'POST' && !path.startsWith('/api/')) return BODY_LIMITS.action;
  return BODY_LIMITS.other;
}

function tooLarge(res: ServerResponse, limit: number): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ error: `The request body is larger than ${Math.round(limit / 1024)} KiB.` });
  // Close the connection: the rest of the body is not read.
  res.writeHead(413, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

/**
 * Answers 413 before Next.js buffers an oversized body: at once when Content-Length says so,
 * otherwise as soon as the bytes received (chunked bodies too) pass the limit. Returns false when
 * the request was answered here.
 */
export function enforceBodyLimit(req: IncomingMessage, res: ServerResponse, limit = bodyLimitFor(req)): boolean {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    tooLarge(res, limit);
    return false;
  }
  // Count bytes where Node's HTTP parser hands them to the request stream; past the limit they
  // are dropped, so whoever reads the body never holds more than `limit` bytes.
  let received = 0;
  let tripped = false;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk !== null && chunk !== undefined) {
      received += (chunk as Buffer).length;
      if (received > limit || tripped) {
        if (!tripped) {
          tripped = true;
          tooLarge(res, limit);
        }
        return false;
      }
    }
    return push(chunk, encoding);
  };
  return true;
}
