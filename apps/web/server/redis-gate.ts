import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRedis, redisTarget } from '@kiln/redis';

/** How long a request made while the first connection is still being set up waits for it. */
const STARTUP_WAIT_MS = 3_000;

/** Requests that do not need Redis: built assets, and the health check, which reports it itself. */
function needsRedis(req: IncomingMessage): boolean {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  return !(path.startsWith('/_next/static/') || path.startsWith('/_next/image') || path === '/favicon.ico' || path === '/api/health');
}

/**
 * Sessions, rate limits and caches live in Redis: without it no page can work. Instead of letting
 * every request wait on the connection and end in an empty 500, answer at once with 503 and a
 * page that names what is missing. Shares the process's one Redis client (kept on globalThis).
 */
export class RedisGate {
  private lastError: string | undefined;
  private readonly redis = getRedis();

  constructor() {
    this.redis.on('ready', () => (this.lastError = undefined));
    this.redis.on('error', (e: NodeJS.ErrnoException) => (this.lastError = describe(e)));
    this.redis.on('close', () => (this.lastError ??= 'connection lost'));
  }

  /** Lets the request through (true) or answers 503 (false). */
  async admit(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (!needsRedis(req) || this.redis.status === 'ready') return true;
    if (!this.lastError && (await this.readyWithin(STARTUP_WAIT_MS))) return true;
    unavailable(req, res, this.lastError ?? 'no answer');
    return false;
  }

  private readyWithin(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        this.redis.off('error', onError);
        resolve(ok);
      };
      const onReady = () => done(true);
      const onError = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      this.redis.once('ready', onReady);
      this.redis.once('error', onError);
    });
  }
}

function describe(e: NodeJS.ErrnoException): string {
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return 'host not found';
  if (e.code === 'ETIMEDOUT' || /timed? ?out/i.test(e.message)) return 'timed out';
  if (/NOAUTH|WRONGPASS/.test(e.message)) return 'authentication failed';
  return 'connection failed';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function unavailable(req: IncomingMessage, res: ServerResponse, reason: string): void {
  const message = `Kiln cannot reach Redis at ${redisTarget()} (${reason}).`;
  const hint = 'Sessions and the job queue live there. Start Redis (for example "docker compose up -d redis") or check REDIS_URL; this page works again as soon as it answers.';
  const headers = { 'retry-after': '5', 'cache-control': 'no-store' };
  if (!(req.headers.accept ?? '').includes('text/html')) {
    res.writeHead(503, { ...headers, 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `${message} ${hint}` }));
    return;
  }
  res.writeHead(503, { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Kiln is unavailable</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;color:#27272a}h1{font-size:1.25rem}p{line-height:1.5}</style></head>
<body><h1>Kiln is temporarily unavailable</h1><p>${escapeHtml(message)}</p><p>${escapeHtml(hint)}</p></body></html>`);
}
