import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
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

/**
 * After the 413, this much more of the body is read and dropped before the connection is cut:
 * a client still sending would otherwise get a reset instead of the answer.
 */
const DRAIN_AFTER_REFUSAL = 4 * 1024 * 1024;

const LINGER_MS = 2000;
const lingering = new WeakSet<Socket>();

/**
 * Ends a connection whose client keeps sending after its 413: our side closes first (FIN after
 * the answer) and keeps reading for a moment before the socket is destroyed. Destroying at once
 * would reset a socket that still has unread bytes, and a TCP reset can make the client drop
 * the 413 it had not read yet (the classic "lingering close").
 */
function lingeringClose(socket: Socket): void {
  if (lingering.has(socket)) return;
  lingering.add(socket);
  socket.end();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

function tooLarge(res: ServerResponse, limit: number): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ error: `The request body is larger than ${Math.round(limit / 1024)} KiB.` });
  res.writeHead(413, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Answers 413 before Next.js buffers an oversized body: at once when Content-Length says so,
 * otherwise as soon as the bytes received (chunked bodies too) pass the limit. Returns false when
 * the request was answered here.
 */
export function enforceBodyLimit(req: IncomingMessage, res: ServerResponse, limit = bodyLimitFor(req)): boolean {
  let received = 0;
  let refused = false;
  const refuse = () => {
    refused = true;
    // Next.js may still be reading the (now truncated) body and answer late: ignore that.
    res.on('error', () => undefined);
    tooLarge(res, limit);
  };
  // Count bytes where Node's HTTP parser hands them to the request stream. Past the limit they
  // are dropped, so whoever reads the body never holds more than `limit` bytes.
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk === null || chunk === undefined) return push(chunk, encoding);
    received += (chunk as Buffer).length;
    if (!refused && received > limit) refuse();
    if (!refused) return push(chunk, encoding);
    if (received > limit + DRAIN_AFTER_REFUSAL) lingeringClose(req.socket);
    return true;
  };
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    refuse();
    return false;
  }
  return true;
}
