/** The TCP leg of a connection, with the reason it failed in words a user can act on. */
import net from 'node:net';
import { SshError, type UnreachableReason } from './errors';

const REASONS: Record<string, [UnreachableReason, string]> = {
  ECONNREFUSED: ['refused', 'connection refused (is sshd running on that port?)'],
  ENOTFOUND: ['dns', 'host name not found'],
  EAI_AGAIN: ['dns', 'host name lookup failed temporarily'],
  ETIMEDOUT: ['timeout', 'connection timed out'],
  EHOSTUNREACH: ['network', 'no route to host'],
  ENETUNREACH: ['network', 'network unreachable'],
  ECONNRESET: ['closed', 'connection reset by the server'],
};

export function unreachable(label: string, code: string | undefined, cause?: unknown): SshError {
  const [reason, text] = REASONS[code ?? ''] ?? ['network', `network error${code ? ` (${code})` : ''}`];
  return new SshError('unreachable', `Cannot reach ${label}: ${text}.`, { target: label, reason }, { cause });
}

/** Connect with TCP_NODELAY (many small request/response packets) and TCP keepalive. */
export function openSocket(host: string, port: number, timeoutMs: number, signal?: AbortSignal, lookup?: net.LookupFunction): Promise<net.Socket> {
  const label = `${host}:${port}`;
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port, noDelay: true, keepAlive: true, keepAliveInitialDelay: 30_000, ...(lookup ? { lookup } : {}) });
    const fail = (err: SshError) => {
      cleanup();
      sock.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(unreachable(label, 'ETIMEDOUT')), timeoutMs);
    // A refusal by the caller's lookup keeps its own words (e.g. an address Kiln may not reach).
    const onError = (e: NodeJS.ErrnoException) =>
      fail(e.code && !(e.code in REASONS) && e.code.startsWith('EKILN') ? new SshError('unreachable', e.message, { target: label, reason: 'network' }, { cause: e }) : unreachable(label, e.code, e));
    const onAbort = () => fail(signal?.reason instanceof SshError ? signal.reason : unreachable(label, 'ETIMEDOUT'));
    const cleanup = () => {
      clearTimeout(timer);
      sock.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    sock.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    sock.once('connect', () => {
      cleanup();
      resolve(sock);
    });
  });
}
