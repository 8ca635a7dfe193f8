import { createHash, randomUUID } from 'node:crypto';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { CacheableView } from '../src/server/document-request';

/**
 * Rendered page documents, reused while everything they are made of is unchanged. Rendering a
 * page through Next.js costs 10-20 ms of CPU even when the page is small; a containers page
 * open in many tabs, or refreshed by many sessions of one user, renders the same HTML again and
 * again between two polls. The Next.js side names a view's inputs as a key (see
 * features/containers/view-key.ts, which also checks the session on every request): the first
 * request with a key renders and its response is kept; requests with the same key get that
 * response with a fresh CSP nonce. Concurrent requests with a key being rendered wait for that
 * render instead of starting their own.
 *
 * Only 200 HTML responses without cookies are kept, with a nonce in their CSP (the one value a
 * render makes up per request); entries expire after `ttlMs` whatever their key says, and the
 * cache is bounded by bytes, least recently used out first.
 */
export interface ViewCacheOptions {
  maxBytes: number;
  ttlMs: number;
  /** A larger response is sent but not kept. */
  maxEntryBytes: number;
}

interface Entry {
  /** The body cut at each occurrence of its nonce. */
  parts: Buffer[];
  /** Header values cut the same way (a string array per header value). */
  headers: [name: string, pieces: string[] | string[][]][];
  bytes: number;
  at: number;
}

/** Headers that describe one transfer, not the page (compression is applied again per response). */
const TRANSFER_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

/** Set on responses served from the cache (tests and operators can tell a reused render). */
export const CACHED_HEADER = 'x-kiln-view-cache';

const NONCE_IN_CSP = /'nonce-([^']+)'/;

/** A nonce as proxy.ts makes them. */
const newNonce = () => Buffer.from(randomUUID()).toString('base64');

function splitBuffer(buf: Buffer, sep: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = buf.indexOf(sep, from); at >= 0; at = buf.indexOf(sep, from)) {
    parts.push(buf.subarray(from, at));
    from = at + sep.length;
  }
  parts.push(buf.subarray(from));
  return parts;
}

function toBuffer(chunk: unknown, encoding?: unknown): Buffer | null {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return Buffer.alloc(0);
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
  return null;
}

export class ViewCache {
  private readonly entries = new Map<string, Entry>();
  private readonly rendering = new Map<string, Promise<Entry | null>>();
  private bytes = 0;
  /** Counters for the process's own figures (benchmarks print them). */
  readonly stats = { hits: 0, renders: 0, waits: 0, uncacheable: 0 };

  constructor(private readonly opts: ViewCacheOptions) {}

  /**
   * Answers from the cache under `view.key` (with `view.csp` for a fresh nonce), or by `render`
   * (which must answer `res`); keeps a rendered response that may be reused.
   */
  async serve(res: ServerResponse, view: CacheableView, render: () => Promise<unknown>, now = Date.now()): Promise<void> {
    const key = createHash('sha256').update(view.key).digest('base64url');
    const hit = this.fresh(key, now);
    if (hit) {
      this.stats.hits++;
      return send(res, hit, view.csp);
    }
    const pending = this.rendering.get(key);
    if (pending) {
      const entry = await pending;
      if (entry && !res.destroyed) {
        this.stats.waits++;
        return send(res, entry, view.csp);
      }
      return void (await render());
    }
    this.stats.renders++;
    const captured = capture(res, this.opts.maxEntryBytes);
    this.rendering.set(key, captured);
    try {
      await render();
      const entry = await captured;
      if (entry) this.keep(key, entry);
      else this.stats.uncacheable++;
    } finally {
      this.rendering.delete(key);
    }
  }

  /** Entries kept and their bytes. */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private fresh(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (now - e.at >= this.opts.ttlMs) {
      this.bytes -= e.bytes;
      return undefined;
    }
    this.entries.set(key, e);
    return e;
  }

  private keep(key: string, entry: Entry): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.bytes;
    }
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.opts.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }
}

/** The response as an entry once it has been sent, or null when it must not be reused. */
function capture(res: ServerResponse, maxBytes: number): Promise<Entry | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let usable = true;
  const record = (chunk: unknown, encoding?: unknown) => {
    if (!usable) return;
    const buf = toBuffer(chunk, encoding);
    if (!buf || size + buf.length > maxBytes) {
      usable = false;
      chunks.length = 0;
      return;
    }
    size += buf.length;
    chunks.push(buf);
  };
  let headArg: OutgoingHttpHeaders = {};
  const writeHead = res.writeHead;
  const write = res.write;
  const end = res.end;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (last && typeof last === 'object' && !Array.isArray(last)) headArg = { ...headArg, ...(last as OutgoingHttpHeaders) };
    else if (Array.isArray(last)) usable = false; // raw header arrays: not worth parsing
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    record(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse['write'];
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    record(chunk, rest[0]);
    return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse['end'];
  return new Promise((resolve) => {
    res.once('close', () => {
      if (!res.writableFinished || !usable) return resolve(null);
      const headers: OutgoingHttpHeaders = { ...res.getHeaders(), ...lowerCased(headArg) };
      resolve(entryOf(res.statusCode, headers, Buffer.concat(chunks)));
    });
  });
}

function lowerCased(h: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

function entryOf(status: number, headers: OutgoingHttpHeaders, body: Buffer): Entry | null {
  if (status !== 200 || headers['set-cookie'] !== undefined) return null;
  if (!String(headers['content-type'] ?? '').startsWith('text/html')) return null;
  const nonce = NONCE_IN_CSP.exec(String(headers['content-security-policy'] ?? ''))?.[1];
  if (!nonce) return null;
  const kept: Entry['headers'] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || TRANSFER_HEADERS.has(name)) continue;
    kept.push([name, Array.isArray(value) ? value.map((v) => v.split(nonce)) : String(value).split(nonce)] as Entry['headers'][number]);
  }
  const parts = splitBuffer(body, Buffer.from(nonce));
  return { parts, headers: kept, bytes: body.length, at: Date.now() };
}

function send(res: ServerResponse, e: Entry, csp: (nonce: string) => string): void {
  const nonce = newNonce();
  const joinPieces = (pieces: string[] | string[][]) => (typeof pieces[0] === 'string' ? (pieces as string[]).join(nonce) : (pieces as string[][]).map((p) => p.join(nonce)));
  for (const [name, pieces] of e.headers) res.setHeader(name, joinPieces(pieces));
  // This request's policy (the render's named its own host and console port).
  res.setHeader('content-security-policy', csp(nonce));
  const body: Buffer[] = [];
  const sep = Buffer.from(nonce);
  e.parts.forEach((p, i) => {
    if (i > 0) body.push(sep);
    body.push(p);
  });
  res.setHeader(CACHED_HEADER, 'hit');
  res.statusCode = 200;
  res.end(Buffer.concat(body));
}
