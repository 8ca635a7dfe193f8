import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { coalesceFlushes } from './coalesce-flush';
import { compress } from './compress';
import { CACHED_HEADER, ViewCache } from './view-cache';

/** A page as Next.js sends one: CSP with a nonce, the nonce in the markup, streamed in chunks. */
function page(res: ServerResponse, body: string, opts: { status?: number; cookie?: boolean; type?: string } = {}) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  res.statusCode = opts.status ?? 200;
  res.setHeader('content-type', opts.type ?? 'text/html; charset=utf-8');
  res.setHeader('content-security-policy', `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  res.setHeader('link', `</a.css>; rel=preload; as="style"; nonce="${nonce}"`);
  if (opts.cookie) res.setHeader('set-cookie', 'a=b');
  res.write(`<html><script nonce="${nonce}">1</script>`);
  setTimeout(() => res.end(`<p>${body}</p><script nonce="${nonce}">2</script></html>`), 5);
}

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? (server.close(() => r()), server.closeAllConnections()) : r())));

/** A server that answers through the cache with `key` from the `k` query parameter, counting renders. */
async function serve(
  cache: ViewCache,
  render: (req: IncomingMessage, res: ServerResponse, n: number) => void,
  gzip = false,
): Promise<{ get: (k: string) => Promise<Response>; renders: () => number }> {
  let renders = 0;
  server = createServer((req, res) => {
    const key = new URL(req.url!, 'http://x').searchParams.get('k')!;
    if (gzip) {
      coalesceFlushes(res);
      compress(req, res);
    }
    void cache.serve(res, { key, csp: (nonce) => `script-src 'nonce-${nonce}'; connect-src ${req.headers.host}` }, async () => render(req, res, ++renders));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { get: (k) => fetch(`${base}/?k=${k}`, { redirect: 'manual' }), renders: () => renders };
}

const opts = { maxBytes: 1024 * 1024, ttlMs: 60_000, maxEntryBytes: 64 * 1024 };

function nonceOf(res: Response): string {
  return /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')![1]!;
}

describe('cached page views', () => {
  it('renders a key once and answers it again with a fresh nonce everywhere the render had its own', async () => {
    const s = await serve(new ViewCache(opts), (_q, res, n) => page(res, `render ${n}`));
    const first = await s.get('a');
    const firstHtml = await first.text();
    const second = await s.get('a');
    const html = await second.text();
    expect(s.renders()).toBe(1);
    expect(first.headers.get(CACHED_HEADER)).toBeNull();
    expect(second.headers.get(CACHED_HEADER)).toBe('hit');
    expect(html).toContain('render 1');
    const nonce = nonceOf(second);
    expect(nonce).not.toBe(nonceOf(first));
    expect(html.match(/nonce="([^"]+)"/g)).toEqual([`nonce="${nonce}"`, `nonce="${nonce}"`]);
    expect(second.headers.get('link')).toContain(`nonce="${nonce}"`);
    // The policy is this request's (from the view), not the render's with its nonce swapped.
    expect(second.headers.get('content-security-policy')).toContain(`script-src 'nonce-${nonce}'; connect-src 127.0.0.1:`);
    expect(html).toBe(firstHtml.split(nonceOf(first)).join(nonce));
    // Another key is another render.
    expect(await (await s.get('b')).text()).toContain('render 2');
  });

  it('works behind compression: it keeps what the page wrote and compresses each answer again', async () => {
    const s = await serve(new ViewCache(opts), (_q, res, n) => page(res, `render ${n} ${'x'.repeat(4000)}`), true);
    const first = await s.get('a');
    expect(first.headers.get('content-encoding')).toBe('gzip');
    expect(await first.text()).toContain('render 1');
    const second = await s.get('a');
    expect(second.headers.get(CACHED_HEADER)).toBe('hit');
    expect(second.headers.get('content-encoding')).toBe('gzip');
    expect(await second.text()).toContain('render 1');
  });

  it('lets concurrent requests for a key being rendered wait for that render', async () => {
    const s = await serve(new ViewCache(opts), (_q, res, n) => page(res, `render ${n}`));
    const bodies = await Promise.all(Array.from({ length: 8 }, () => s.get('same').then((r) => r.text())));
    expect(s.renders()).toBe(1);
    for (const b of bodies) expect(b).toContain('render 1');
  });

  it('keeps no error, redirect, cookie-setting, non-HTML or nonce-less response', async () => {
    const variants: Record<string, (res: ServerResponse) => void> = {
      error: (res) => page(res, 'oops', { status: 500 }),
      redirect: (res) => res.writeHead(307, { location: '/login' }).end(),
      cookie: (res) => page(res, 'cookie', { cookie: true }),
      json: (res) => page(res, '{}', { type: 'application/json' }),
      plain: (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>no csp</p>'),
    };
    const s = await serve(new ViewCache(opts), (req, res) => variants[new URL(req.url!, 'http://x').searchParams.get('k')!]!(res));
    for (const k of Object.keys(variants)) {
      await (await s.get(k)).text();
      expect((await s.get(k)).headers.get(CACHED_HEADER)).toBeNull();
    }
    expect(s.renders()).toBe(10);
  });

  it('renders again once an entry is older than its time to live, and keeps no response over the entry size', async () => {
    const s = await serve(new ViewCache({ ...opts, ttlMs: 50 }), (_q, res, n) => page(res, n === 3 ? 'x'.repeat(70 * 1024) : `render ${n}`));
    await (await s.get('a')).text();
    expect(await (await s.get('a')).text()).toContain('render 1');
    await new Promise((r) => setTimeout(r, 80));
    expect(await (await s.get('a')).text()).toContain('render 2');
    const big = await s.get('big');
    expect((await big.text()).length).toBeGreaterThan(70 * 1024);
    expect((await s.get('big')).headers.get(CACHED_HEADER)).toBeNull();
  });

  it('stays within its byte budget, least recently used out first', async () => {
    const cache = new ViewCache({ ...opts, maxBytes: 3 * 1024 });
    const s = await serve(cache, (_q, res, n) => page(res, `${n}`.padEnd(1000, '.')));
    for (const k of ['a', 'b', 'c', 'a', 'd']) await (await s.get(k)).text();
    expect(cache.size().bytes).toBeLessThanOrEqual(3 * 1024);
    expect((await s.get('a')).headers.get(CACHED_HEADER)).toBe('hit');
    expect((await s.get('b')).headers.get(CACHED_HEADER)).toBeNull();
  });
});
