import type { IncomingMessage } from 'node:http';
import type { WebSocket, RawData } from 'ws';
import type { Logger } from '@kiln/core';
import type { Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import type { PtySession } from '@kiln/ssh';
import { isAppError } from '@kiln/core';
import { allows, clamp, nodeAccess, openConsole, redeemConsoleTicket, sessionKeyOfHash, type ConsoleTicketData } from '@kiln/services';
import { AUTH_TIMEOUT_MS, CLOSE, parseControl } from './protocol';

export interface SessionOptions {
  db: Db;
  redis: Redis;
  log: Logger;
  idleMs: number;
  /** How often the opening Kiln session is checked (sign-out closes the console). */
  sessionCheckMs: number;
}

/** Output waiting in the websocket beyond this pauses the shell until the browser catches up. */
const HIGH_WATER = 1024 * 1024;

/**
 * One browser console: authenticate with a ticket, then bridge the websocket and `pct enter`
 * until either side ends, the user is idle too long, or their Kiln session ends.
 */
export function handleConsole(ws: WebSocket, req: IncomingMessage, opts: SessionOptions, onEnd: () => void): void {
  let pty: PtySession | undefined;
  let ticket: ConsoleTicketData | undefined;
  let lastActivity = Date.now();
  let closed = false;
  const timers: NodeJS.Timeout[] = [];

  const close = (code: number, reason: string, notice?: Record<string, unknown>) => {
    if (closed) return;
    closed = true;
    for (const t of timers) clearInterval(t);
    if (notice && ws.readyState === ws.OPEN) ws.send(JSON.stringify(notice));
    ws.close(code, reason.slice(0, 120));
    pty?.destroy();
    onEnd();
  };

  const authTimer = setTimeout(() => close(CLOSE.badTicket, 'No ticket'), AUTH_TIMEOUT_MS);
  timers.push(authTimer);

  const start = async (t: ConsoleTicketData, cols: number, rows: number) => {
    try {
      const opened = await openConsole({ db: opts.db, redis: opts.redis }, t, { cols, rows });
      pty = opened.pty;
    } catch (e) {
      const message = isAppError(e) ? e.message : 'The console could not open.';
      if (!isAppError(e)) opts.log.warn('console open failed', { error: e });
      return close(CLOSE.failed, 'Could not open', { type: 'error', message });
    }
    if (closed) return pty.destroy();
    ws.send(JSON.stringify({ type: 'ready' }));
    pty.on('data', (chunk: Buffer) => {
      lastActivity = Date.now();
      ws.send(chunk, { binary: true }, () => {
        if (pty?.isPaused() && ws.bufferedAmount < HIGH_WATER / 2) pty.resume();
      });
      if (ws.bufferedAmount > HIGH_WATER) pty?.pause();
    });
    pty.on('error', () => close(CLOSE.ended, 'Session ended'));
    void pty.exited.then((code) => close(CLOSE.ended, 'Session ended', { type: 'exit', code }));

    const tick = Math.min(30_000, Math.max(250, Math.floor(opts.idleMs / 4)));
    timers.push(
      setInterval(() => {
        if (Date.now() - lastActivity >= opts.idleMs) close(CLOSE.idle, 'Idle timeout', { type: 'closed', reason: 'idle' });
      }, tick),
    );
    // A share revoked (or cut to viewer) while the console is open closes it on the next check.
    timers.push(
      setInterval(() => {
        void nodeAccess(opts.db, t.userId, t.nodeId).then(
          (access) => {
            if (!allows(access, 'operator')) close(CLOSE.revoked, 'Access revoked', { type: 'closed', reason: 'revoked' });
          },
          () => undefined,
        );
      }, opts.sessionCheckMs),
    );
    if (t.sessionHash) {
      const key = sessionKeyOfHash(t.sessionHash);
      timers.push(
        setInterval(() => {
          void opts.redis.exists(key).then(
            (n) => {
              if (n === 0) close(CLOSE.signedOut, 'Signed out', { type: 'closed', reason: 'signed-out' });
            },
            () => undefined,
          );
        }, opts.sessionCheckMs),
      );
    }
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (closed) return;
    if (isBinary) {
      if (!pty) return;
      lastActivity = Date.now();
      pty.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
      return;
    }
    const msg = parseControl(data.toString());
    if (!msg) return;
    if (msg.type === 'resize') {
      pty?.resize(clamp(msg.cols, 20, 500), clamp(msg.rows, 5, 200));
      return;
    }
    if (msg.type !== 'auth' || ticket) return;
    clearTimeout(authTimer);
    void redeemConsoleTicket(opts.redis, msg.ticket).then(
      (t) => {
        if (!t) return close(CLOSE.badTicket, 'Invalid or expired ticket', { type: 'error', message: 'This console link is invalid or has expired. Open the console again.' });
        if (req.headers.origin !== t.origin) return close(CLOSE.badOrigin, 'Wrong origin', { type: 'error', message: 'This console was opened from another site.' });
        ticket = t;
        return start(t, msg.cols ?? 80, msg.rows ?? 24);
      },
      (e: unknown) => {
        opts.log.warn('console ticket check failed', { error: e });
        close(CLOSE.failed, 'Unavailable', { type: 'error', message: 'The console service could not check the ticket.' });
      },
    );
  });
  ws.on('close', () => close(CLOSE.ended, 'Closed'));
  ws.on('error', () => close(CLOSE.ended, 'Closed'));
}
