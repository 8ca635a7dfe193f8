import type { LookupFunction } from 'node:net';
import { ValidationError } from '@kiln/core';
import { authorizationHeader, parseApiToken, validateApiToken, type ApiToken } from './auth';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';
import { normalizeFingerprint } from './tls';
import type { RequestEvent, TransportOptions } from './transport';

export interface PveClientOptions {
  /**
   * `https://host:8006` (a trailing `/api2/json` is fine). Without a scheme, `https://` and port
   * 8006 are assumed. Plain http is refused: the token would travel in clear text.
   */
  baseUrl: string;
  /** `USER@REALM!TOKENID=SECRET` or its parts. */
  token: string | ApiToken;
  /**
   * SHA-256 fingerprint of the node's leaf certificate to pin (`AB:CD:..`, any case, colons
   * optional). Without it the system CA store (plus `ca`) must trust the certificate.
   */
  fingerprint?: string;
  ca?: string | Buffer;
  /** Per-attempt deadline for a whole request (connect + answer). Default 30 s. */
  timeoutMs?: number;
  /** TCP + TLS connect deadline. Default 10 s. */
  connectTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Name resolution for every connection (as `net.connect`'s `lookup`). A caller that must not
   * reach some addresses checks them here, at connect time, so DNS cannot change the answer
   * between a check and the connection.
   */
  lookup?: LookupFunction;
  /** Observability hook; it never sees headers, bodies or query values. */
  onRequest?: (event: RequestEvent) => void;
}

export interface ResolvedClientConfig {
  origin: string;
  tokenId: string;
  fingerprint: string | undefined;
  transport: TransportOptions;
}

export function resolveBaseUrl(input: string): { origin: string; basePath: string } {
  const text = input.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    throw new ValidationError('The node address is not a valid URL.', { baseUrl: 'Invalid URL' });
  }
  if (url.protocol !== 'https:') {
    throw new ValidationError('The node address must use https.', { baseUrl: 'Must be https' });
  }
  if (!hasScheme && url.port === '') url.port = '8006';
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '' && path !== '/api2/json') {
    throw new ValidationError('The node address must not contain a path other than /api2/json.', {
      baseUrl: 'Unexpected path',
    });
  }
  return { origin: url.origin, basePath: '/api2/json' };
}

export function resolveClientConfig(options: PveClientOptions): ResolvedClientConfig {
  const { origin, basePath } = resolveBaseUrl(options.baseUrl);
  const token = typeof options.token === 'string' ? parseApiToken(options.token) : validateApiToken(options.token);
  const fingerprint = options.fingerprint === undefined ? undefined : normalizeFingerprint(options.fingerprint);
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    throw new ValidationError('retry.maxAttempts must be a positive integer.', { retry: 'Invalid maxAttempts' });
  }
  return {
    origin,
    tokenId: token.tokenId,
    fingerprint,
    transport: {
      origin,
      basePath,
      authorization: authorizationHeader(token),
      fingerprint,
      ca: options.ca,
      timeoutMs: options.timeoutMs ?? 30_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      lookup: options.lookup,
      retry,
      onRequest: options.onRequest,
    },
  };
}
