import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Logger } from '@kiln/core';
import type { Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { advertiseGateway } from '@kiln/services';
import { CLOSE, MAX_FRAME_BYTES } from './protocol';
import { handleConsole } from './session';

export interface ConsoleGatewayOptions {
  db: Db;
  redis: Redis;
  log: Logger;
  host: string;
  /** 0 = any free port. A busy fixed port falls back to a free one (with a warning). */
  port: number;
  idleMs: number;
  workerId: string;
  sessionCheckMs?: number;
  /** Whether to advertise this gateway in Redis for the web app (tests running a private one do not). */
  advertise?: boolean;
}

export interface ConsoleGateway {
  port: number;
  activeSessions(): number;
  stop(): Promise<void>;
}

const ADVERTISE_EVERY_MS = 10_000;

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * The web console's websocket gateway. Next.js route handlers cannot upgrade a connection, so
 * the worker hosts it: `GET /console` (websocket) and `GET /health`. Authentication is the
 * one-time ticket in the first frame (never in the URL, which proxies log).
 */
export async function startConsoleGateway(opts: ConsoleGatewayOptions): Promise<ConsoleGateway> {
  const log = opts.log;
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  let active = 0;
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/console') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      active++;
      // Keystrokes are tiny packets: do not let Nagle hold them back.
      (socket as { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
      handleConsole(ws, req, { db: opts.db, redis: opts.redis, log, idleMs: opts.idleMs, sessionCheckMs: opts.sessionCheckMs ?? 15_000 }, () => {
        active--;
      });
    });
  });

  let port: number;
  let fallback = false;
  try {
    port = await listen(server, opts.host, opts.port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || opts.port === 0) throw e;
    port = await listen(server, opts.host, 0);
    fallback = true;
    log.warn(`console port ${opts.port} is in use; the console gateway listens on ${port} instead (set CONSOLE_PORT, or CONSOLE_PUBLIC_URL behind a proxy)`);
  }

  // A gateway on the configured port owns the advert; a fallback one only fills in when none is alive.
  const advertise = () =>
    opts.advertise === false
      ? Promise.resolve()
      : advertiseGateway(opts.redis, { port, workerId: opts.workerId, at: Date.now() }, { onlyIfMissing: fallback }).catch((e: unknown) => log.warn('console gateway advert failed', { error: e }));
  await advertise();
  const timer = setInterval(() => void advertise(), ADVERTISE_EVERY_MS);
  timer.unref();
  log.info(`console gateway listening on ${opts.host}:${port}`);

  return {
    port,
    activeSessions: () => active,
    async stop() {
      clearInterval(timer);
      for (const ws of wss.clients) ws.close(CLOSE.shutdown, 'Server shutting down');
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}
