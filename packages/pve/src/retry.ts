import type { PveError } from './errors';

export interface RetryPolicy {
  /** Total attempts including the first. 1 disables retries. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 };

// Codes proving nothing reached the server: no TCP connection (or no address) came about.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether a failed attempt may be repeated. GETs are idempotent, so any connection-level failure
 * or response timeout is retried. POST/PUT/DELETE are only retried when the request provably never
 * left this machine; a reset or timeout after sending could otherwise create or start twice.
 * HTTP answers (4xx/5xx) are never retried: PVE meant them.
 */
export function isRetryable(method: string, err: PveError): boolean {
  const code = err.transportCode;
  if (err.kind === 'unreachable') {
    if (code !== undefined && NOT_SENT_CODES.has(code)) return true;
    // ENOTFOUND is a wrong name, not a hiccup.
    return method === 'GET' && err.unreachableCause !== 'dns';
  }
  return method === 'GET' && err.kind === 'timeout';
}

/**
 * Exponential backoff with "equal jitter": half of min(max, base * 2^(attempt-1)) fixed, half random,
 * so clients that failed together do not retry together, yet each still waits a little.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** setTimeout as a promise that rejects with the signal's reason on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
