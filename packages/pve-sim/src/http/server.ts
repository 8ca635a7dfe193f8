import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { FileDownload } from '../api/types';
import type { ApiResponse, Dispatcher } from './dispatch';
import type { RequestLog } from './failures';
import { MultipartError, parseContentType, receiveMultipart } from './multipart';
import { decodeUrlencoded } from './params';

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
/** `$known_methods`: anything else is refused before authentication. */
const KNOWN_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);

/** A reason phrase must be one printable line; PVE uses the message's first line. */
function reason(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

/**
 * pve-http-server's `response`: no-cache headers, gzip for bodies over 1 KiB when the client
 * accepts it, and the connection closed after every error (`keep_alive = 0 if $code >= 400`).
 */
function send(req: IncomingMessage, res: ServerResponse, status: number, message: string, body?: unknown): void {
  const headers: Record<string, string> = {
    'Cache-Control': 'max-age=0',
    Pragma: 'no-cache',
    Expires: new Date().toUTCString(),
    Server: 'pve-api-daemon/3.0',
  };
  let payload: Buffer = Buffer.alloc(0);
  if (body !== undefined) {
    payload = Buffer.from(JSON.stringify(body), 'utf8');
    headers['Content-Type'] = 'application/json;charset=UTF-8';
  }
  if (payload.length > 1024 && /gzip/.test(String(req.headers['accept-encoding'] ?? ''))) {
    payload = gzipSync(payload);
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = String(payload.length);
  if (status >= 400) headers['Connection'] = 'close';
  res.writeHead(status, reason(message), headers);
  res.end(payload);
}

/** `send_file_start` for a streamed download: the file as it is, with the handler's headers. */
function sendFile(res: ServerResponse, file: FileDownload): void {
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'Cache-Control': 'max-age=0',
    Pragma: 'no-cache',
    Expires: new Date().toUTCString(),
    Server: 'pve-api-daemon/3.0',
    'Content-Length': String(file.body.length),
  };
  if (file.encoding) headers['Content-Encoding'] = file.encoding;
  if (file.disposition) headers['Content-Disposition'] = file.disposition;
  res.writeHead(200, 'OK', headers);
  res.end(file.body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The HTTPS front end (pveproxy): transport, envelope, reason phrases, auth-failure delay. */
export async function startApiServer(opts: ApiServerOptions): Promise<{ server: Server; port: number }> {
  const server = createServer({ key: opts.key, cert: opts.cert, keepAlive: true }, (req, res) => {
    handle(opts, req, res).catch(() => {
      if (!res.headersSent) send(req, res, 500, 'internal simulator error', { data: null, message: 'internal simulator error\n' });
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

/**
 * One request in pve-http-server's order: `process_header` (method, transfer encoding), the URI
 * split, authentication (401 after the delay), the body checks, the formatter, the API handler.
 */
async function handle(opts: ApiServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = req.method ?? 'GET';
  if (!KNOWN_METHODS.has(method)) {
    send(req, res, 501, `method '${method}' not available`);
    return;
  }
  const te = req.headers['transfer-encoding'];
  if (te) {
    send(req, res, 501, te.toLowerCase() === 'chunked' ? 'chunked transfer encoding not supported' : `Unknown transfer encoding '${te}'`);
    return;
  }
  const url = new URL(req.url ?? '/', 'https://localhost');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  if (opts.latencyMs > 0) await sleep(opts.latencyMs);

  if (!/^\/api2(\/|$)/.test(path)) {
    send(req, res, 501, `no such file '${path}'`);
    return;
  }
  // `$split_abs_uri`
  const m = /^\/api2\/+([a-z][a-z0-9]+)(\/.*)?$/.exec(path);
  if (!m) {
    send(req, res, 501, 'no such uri');
    return;
  }
  const format = m[1] ?? '';
  const relPath = (m[2] ?? '/').replace(/\/+$/, '') || '/';
  opts.requestLog.add({ method, path: relPath });

  const auth = opts.dispatcher.authenticate(req.headers.authorization);
  if ('reason' in auth) {
    // pveproxy answers failed logins after a fixed delay, to slow down guessing
    await sleep(Math.max(0, opts.authFailureDelayMs - (Date.now() - started)));
    send(req, res, 401, auth.reason);
    return;
  }

  const query = url.search.replace(/^\?/, '');
  const upload = opts.dispatcher.uploadCheck(method, m[2] ?? '/', auth.authid);
  if (upload.refused) {
    // refused inside `auth_handler`: delayed like a failed login, a bare status line
    await sleep(Math.max(0, opts.authFailureDelayMs - (Date.now() - started)));
    send(req, res, upload.refused.status, upload.refused.message);
    return;
  }

  const length = Number(req.headers['content-length'] ?? 0);
  const ctype = req.headers['content-type'];
  if (length > 0 && upload.isUpload) {
    await handleUpload(opts, req, res, { method, relPath, query, format, authid: auth.authid, ctype: ctype ?? '' });
    return;
  }
  let body = '';
  if (length > 0) {
    if (method !== 'POST' && method !== 'PUT') {
      send(req, res, 501, `Unexpected content for method '${method}'`);
      return;
    }
    if (length > MAX_POST) {
      send(req, res, 501, 'for data too large');
      return;
    }
    const ct = ctype?.split(/\s*[;,]\s*/)[0]?.toLowerCase();
    if (ct && ct !== 'application/x-www-form-urlencoded' && ct !== 'application/json') {
      send(req, res, 506, `upload 'Content-Type '${ctype ?? ''}' not implemented`);
      return;
    }
    body = await readBody(req);
  }
  if (format !== 'json') {
    send(req, res, 501, `no formatter for uri ${relPath}, ${format}`);
    return;
  }

  answer(req, res, await opts.dispatcher.run({ method, relPath, query, contentType: ctype, body }, auth.authid));
}

function answer(req: IncomingMessage, res: ServerResponse, result: ApiResponse): void {
  if (result.kind === 'download') {
    sendFile(res, result.file);
  } else if (result.kind === 'error') {
    const { status, message, errors } = result.error;
    send(req, res, status, message, { data: null, ...(errors ? { errors } : {}), message });
  } else {
    send(req, res, 200, 'OK', result.total ? { data: result.data ?? null, total: result.total } : { data: result.data ?? null });
  }
}

/**
 * A multipart body to the upload path, as pveproxy takes it: anything but `multipart/form-data`
 * with a boundary dies inside the header callback, where nothing answers (the client sees the
 * connection close); otherwise the file is streamed to a temporary file (no 64 KiB limit) and the
 * collected fields go through the API like any request, with `tmpfilename` added.
 */
async function handleUpload(
  opts: ApiServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  r: { method: string; relPath: string; query: string; format: string; authid: string; ctype: string },
): Promise<void> {
  const { ct, boundary } = parseContentType(r.ctype);
  if (!boundary || ct !== 'multipart/form-data') {
    req.socket.destroy();
    return;
  }
  let received: Awaited<ReturnType<typeof receiveMultipart>>;
  try {
    received = await receiveMultipart(req, boundary, opts.dispatcher.dataDir, decodeUrlencoded(r.query));
  } catch (err) {
    if (!(err instanceof MultipartError)) throw err;
    send(req, res, 501, err.message); // `$self->error`: a status line, no body
    return;
  }
  if (r.format !== 'json') {
    await rm(received.file, { force: true });
    send(req, res, 501, `no formatter for uri ${r.relPath}, ${r.format}`);
    return;
  }
  const result = await opts.dispatcher.run({ method: r.method, relPath: r.relPath, query: '', contentType: undefined, body: '', uploadParams: received.params }, r.authid);
  // the worker owns the file once it runs; on any refusal pveproxy's cleanup removes it
  if (result.kind === 'error') await rm(received.file, { force: true });
  answer(req, res, result);
}
