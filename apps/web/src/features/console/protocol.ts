/**
 * The browser side of the console websocket protocol; the gateway's copy is
 * apps/worker/src/console/protocol.ts (keep the two in step).
 */
export const CLOSE_REASON: Record<number, string> = {
  1000: 'The shell ended.',
  1001: 'The console service restarted. Reconnect to continue.',
  1006: 'The connection to the console service was lost.',
  4401: 'This console link is invalid or has expired.',
  4403: 'This console was opened from another site.',
  4408: 'The console was closed after being idle.',
  4410: 'You signed out, so the console was closed.',
  4411: 'Your access to this node was withdrawn, so the console was closed.',
  4500: 'The console could not open.',
};

export type ServerNotice = { type: 'ready' } | { type: 'exit'; code: number | null } | { type: 'error'; message: string } | { type: 'closed'; reason: string };
