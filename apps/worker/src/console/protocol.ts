/**
 * The console websocket protocol (the browser's copy lives in apps/web/src/features/console/protocol.ts).
 *
 * client → server: first a text frame `{"type":"auth","ticket":"…","cols":80,"rows":24}`, then
 *   binary frames of keystrokes, and text frames `{"type":"resize","cols":…,"rows":…}`.
 * server → client: text `{"type":"ready","name":"…"}`, binary terminal output,
 *   text `{"type":"exit","code":0}` / `{"type":"error","message":"…"}`, then a close with a code below.
 */
export const CLOSE = {
  /** The shell ended (exit, or the container stopped). */
  ended: 1000,
  /** Forged, reused or expired ticket, or no ticket in time. */
  badTicket: 4401,
  /** The websocket did not come from the page the ticket was issued to. */
  badOrigin: 4403,
  /** No input and no output for the idle time. */
  idle: 4408,
  /** The Kiln session that opened it ended (signed out). */
  signedOut: 4410,
  /** The node's owner revoked the user's share (or made it view-only). */
  revoked: 4411,
  /** The console could not open (container stopped, SSH failed); the message says why. */
  failed: 4500,
  /** The gateway is shutting down. */
  shutdown: 1001,
} as const;

export const MAX_FRAME_BYTES = 64 * 1024;
export const AUTH_TIMEOUT_MS = 10_000;

export type ClientControl = { type: 'auth'; ticket: string; cols?: number; rows?: number } | { type: 'resize'; cols: number; rows: number } | { type: 'ping' };

export function parseControl(text: string): ClientControl | undefined {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (v['type'] === 'auth' && typeof v['ticket'] === 'string') return { type: 'auth', ticket: v['ticket'], cols: num(v['cols']), rows: num(v['rows']) };
    if (v['type'] === 'resize' && typeof v['cols'] === 'number' && typeof v['rows'] === 'number') return { type: 'resize', cols: v['cols'], rows: v['rows'] };
    if (v['type'] === 'ping') return { type: 'ping' };
  } catch {
    /* not JSON */
  }
  return undefined;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
