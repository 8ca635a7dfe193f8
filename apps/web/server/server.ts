/**
 * Kiln's HTTP server in front of Next.js (in place of `next start`): the transport rules Next does
 * not offer. Forwarded headers are trusted only with TRUST_PROXY=1, request bodies are limited per
 * route, a Redis outage gets a clear 503, HSTS is sent when APP_URL is https, responses to non-loopback clients are gzipped
 * at the fastest level and their flushes batched per event-loop turn. Built to
 * dist/server.js by build-server.mjs; run from apps/web (or with any cwd: paths are its own).
 */
import { createServer, type IncomingMessage } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { ConfigurationError, getConfig, isSecureUrl } from '@kiln/config';
import { enforceBodyLimit } from './body-limit';
import { coalesceFlushes } from './coalesce-flush';
import { DOCUMENT_HEADER, isDocumentRequest, VIEW_KEY, type CacheableView, type ViewKeyFn } from '../src/server/document-request';
import { compress, worthCompressing } from './compress';
import { normaliseForwarded } from './forwarded';
import { RedisGate } from './redis-gate';
import { ViewCache } from './view-cache';

const HSTS = 'max-age=63072000; includeSubDomains';

/** Rendered documents of pages that name their inputs (view-cache.ts): a few MB, never older than 30 s. */
const views = new ViewCache({ maxBytes: 24 * 1024 * 1024, ttlMs: 30_000, maxEntryBytes: 2 * 1024 * 1024 });

/** What a document request's page is made of when it names that, or null (render it). */
async function cacheableView(req: IncomingMessage): Promise<CacheableView | null> {
  const fn = (globalThis as { [VIEW_KEY]?: ViewKeyFn })[VIEW_KEY];
  if (!fn || req.headers[DOCUMENT_HEADER] !== '1') return null;
  return fn(req.url ?? '/', req.headers).catch((e: unknown) => {
    console.error('view key failed', e);
    return null;
  });
}

async function main(): Promise<void> {
  let cfg;
  try {
    cfg = getConfig();
  } catch (e) {
    if (e instanceof ConfigurationError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const app = next({ dev: false, dir, hostname: cfg.HOST, port: cfg.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  const gate = new RedisGate();
  const hsts = isSecureUrl(cfg.APP_URL);

  const server = createServer((req, res) => {
    normaliseForwarded(req, cfg.TRUST_PROXY);
    // Only proxy.ts may set the CSP nonce a page renders with (requests it skips must not bring one).
    delete req.headers['x-nonce'];
    // Whether the page renders as a document (Next.js hides its own RSC headers from pages).
    if (isDocumentRequest(req.method, req.url, req.headers)) req.headers[DOCUMENT_HEADER] = '1';
    else delete req.headers[DOCUMENT_HEADER];
    if (hsts) res.setHeader('strict-transport-security', HSTS);
    if (!enforceBodyLimit(req, res)) return;
    if (worthCompressing(req.socket.remoteAddress, cfg.TRUST_PROXY)) {
      coalesceFlushes(res);
      compress(req, res);
    }
    const respond = async (): Promise<unknown> => {
      const view = await cacheableView(req);
      return view ? views.serve(res, view, () => handle(req, res)) : handle(req, res);
    };
    void gate
      .admit(req, res)
      .then((ok) => (ok ? respond() : undefined))
      .catch((e: unknown) => {
        console.error('request failed', e);
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  server.listen(cfg.PORT, cfg.HOST, () => console.log(`kiln web listening on http://${cfg.HOST.includes(':') ? `[${cfg.HOST}]` : cfg.HOST}:${cfg.PORT}`));

  const stop = () => {
    const { hits, renders, waits, uncacheable } = views.stats;
    if (hits + renders) console.log(`cached views: ${hits} hits, ${waits} waited for a render, ${renders} renders (${uncacheable} not kept)`);
    server.close(() => process.exit(0));
    // Open keep-alive connections would hold close() forever.
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
