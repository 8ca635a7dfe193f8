import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiResponse, Dispatcher } from './dispatch';
import type { RequestLog } from './failures';

export interface ApiServerOptions {
  host: string;
  port: number;
  key: string;
  cert: string;
  latencyMs: number;
  authFailureDelayMs: number;
  dispatcher: Dispatcher;
  requestLog: RequestLog;
}

/** pve-http-server's limit on request bodies (`$limit_max_post`). */
const MAX_POST = 64 * 1024;

/** A reason phrase must be one printable line; PVE uses the message's first line. */
function reason(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

function send(res: ServerResponse, status: number, message: string, body?: unknown): void {
  const headers: Record<string, string> = {
    'Cache-Control': 'max-age=0',
    Pragma: 'no-cache',
    Expires: new Date().toUTCString(),
    Server: 'pve-api-daemon/3.0',
  };
  let payload = '';
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json;charset=UTF-8';
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(status, reason(message), headers);
  res.end(payload);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_POST) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The HTTPS front end (pveproxy): transport, envelope, reason phrases, auth-failure delay. */
export async function startApiServer(opts: ApiServerOptions): Promise<{ server: Server; port: number }> {
  const server = createServer({ key: opts.key, cert: opts.cert, keepAlive: true }, (req, res) => {
    handle(opts, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal simulator error', { data: null, message: 'internal simulator error\n' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

async function handle(opts: ApiServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'https://localhost');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  if (opts.latencyMs > 0) await sleep(opts.latencyMs);

  const m = /^\/api2\/([a-z0-9]+)(\/.*)?$/.exec(path);
  if (!m) {
    send(res, 501, `no such file '${path}'`);
    return;
  }
  const relPath = (m[2] ?? '/').replace(/\/+$/, '') || '/';
  opts.requestLog.add({ method, path: relPath });
  if (m[1] !== 'json') {
    send(res, 501, `no formatter for uri ${relPath}, ${m[1] ?? ''}`);
    return;
  }
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && method !== 'POST' && method !== 'PUT') {
    send(res, 501, `Unexpected content for method '${method}'`);
    return;
  }
  const ctype = req.headers['content-type'];
  const ct = ctype?.split(/\s*[;,]\s*/)[0]?.toLowerCase();
  if (hasBody && ct && ct !== 'application/x-www-form-urlencoded' && ct !== 'application/json') {
    send(res, 506, `upload 'Content-Type '${ctype ?? ''}' not implemented`);
    return;
  }
  const body = hasBody ? await readBody(req) : '';
  if (body === undefined) {
    send(res, 501, 'for data too large');
    return;
  }

  const result: ApiResponse = await opts.dispatcher.handle({
    method,
    relPath,
    query: url.search.replace(/^\?/, ''),
    contentType: ctype,
    body,
    authorization: req.headers.authorization,
  });
  if (result.kind === 'unauthorized') {
    // pveproxy answers failed logins after a fixed delay, to slow down guessing
    await sleep(Math.max(0, opts.authFailureDelayMs - (Date.now() - started)));
    send(res, 401, result.reason);
  } else if (result.kind === 'error') {
    const { status, message, errors } = result.error;
    send(res, status, message, { data: null, ...(errors ? { errors } : {}), message });
  } else {
    send(res, 200, 'OK', result.total ? { data: result.data ?? null, total: result.total } : { data: result.data ?? null });
  }
}
