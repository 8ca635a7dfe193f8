import type { IncomingMessage, ServerResponse } from 'node:http';
import { watchRedis, type RedisHealth } from '@kiln/services/redis-health';

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
 * page that names what is missing. Watches the process's one Redis client (see redis-health).
 */
export class RedisGate {
  private readonly redis: RedisHealth = watchRedis();

  /** Lets the request through (true) or answers 503 (false). */
  async admit(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (!needsRedis(req) || this.redis.ready()) return true;
    if (!this.redis.lastError() && (await this.redis.readyWithin(STARTUP_WAIT_MS))) return true;
    unavailable(req, res, this.redis.target(), this.redis.lastError() ?? 'no answer');
    return false;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function unavailable(req: IncomingMessage, res: ServerResponse, target: string, reason: string): void {
  const message = `Kiln cannot reach Redis at ${target} (${reason}).`;
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
