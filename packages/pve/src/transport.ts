import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { errorFromResponse, errorFromTransport } from './classify';
import { encodeParams, type Params } from './encode';
import { PveError } from './errors';
import { backoffDelay, isRetryable, sleep, type RetryPolicy } from './retry';
import { createConnector, pinMismatchError } from './tls';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface CallOptions {
  query?: Params;
  /** Form-encoded for POST/PUT. For DELETE, pass `query` (PVE reads DELETE params from the URL). */
  body?: Params;
  signal?: AbortSignal;
  /** Per-attempt deadline for this call; overrides the client default. */
  timeoutMs?: number;
}

/** The `{ data, ... }` envelope of every PVE answer. */
export interface Envelope {
  data: unknown;
  /** Sent by paged endpoints (task log, task list). */
  total: number | undefined;
}

/** What a request hook sees: never headers, bodies or query values (they may hold secrets). */
export interface RequestEvent {
  method: HttpMethod;
  path: string;
  attempt: number;
  status: number | undefined;
  durationMs: number;
  error: PveError | undefined;
}

export interface TransportOptions {
  origin: string;
  basePath: string;
  authorization: string;
  fingerprint: string | undefined;
  ca: string | Buffer | undefined;
  timeoutMs: number;
  connectTimeoutMs: number;
  retry: RetryPolicy;
  onRequest: ((event: RequestEvent) => void) | undefined;
  lookup?: LookupFunction | undefined;
}

/** One undici Agent per client, so a pin or CA never leaks into another client's connections. */
export class Transport {
  readonly #agent: Agent;
  readonly #authorization: string;
  readonly #opts: Omit<TransportOptions, 'authorization'>;

  constructor(options: TransportOptions) {
    const { authorization, ...rest } = options;
    this.#authorization = authorization;
    this.#opts = rest;
    this.#agent = new Agent({
      connect: createConnector({
        fingerprint: options.fingerprint,
        ca: options.ca,
        connectTimeoutMs: options.connectTimeoutMs,
        lookup: options.lookup,
      }),
      keepAliveTimeout: 4_000,
      connections: 16,
    });
  }

  async call(method: HttpMethod, path: string, options: CallOptions = {}): Promise<Envelope> {
    const policy = this.#opts.retry;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt(method, path, options, attempt);
      } catch (err) {
        const retry = err instanceof PveError && attempt < policy.maxAttempts && isRetryable(method, err);
        if (!retry) throw err;
        await sleep(backoffDelay(policy, attempt), options.signal);
      }
    }
  }

  close(): Promise<void> {
    return this.#agent.close();
  }

  #report(event: RequestEvent): void {
    try {
      this.#opts.onRequest?.(event);
    } catch {
      // An observability hook must never change the outcome of a request.
    }
  }

  async #attempt(method: HttpMethod, path: string, options: CallOptions, attempt: number): Promise<Envelope> {
    const request = `${method} ${path}`;
    const query = encodeParams(options.query);
    const body = method === 'POST' || method === 'PUT' ? encodeParams(options.body) : undefined;
    const headers: Record<string, string> = {
      authorization: this.#authorization,
      accept: 'application/json',
      'user-agent': 'kiln-pve-client',
    };
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';

    const userSignal = options.signal;
    userSignal?.throwIfAborted();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs ?? this.#opts.timeoutMs);
    const onUserAbort = (): void => controller.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onUserAbort, { once: true });

    const started = performance.now();
    let status: number | undefined;
    let failure: PveError | undefined;
    try {
      const res = await this.#agent.request({
        origin: this.#opts.origin,
        path: `${this.#opts.basePath}${path}${query ? `?${query}` : ''}`,
        method,
        headers,
        body,
        signal: controller.signal,
      });
      status = res.statusCode;
      const text = await res.body.text();
      const json = parseJson(text);
      if (res.statusCode < 200 || res.statusCode >= 300) {
        throw errorFromResponse({ status: res.statusCode, statusText: res.statusText, body: json, request });
      }
      return decodeEnvelope(json, request);
    } catch (err) {
      if (err instanceof PveError) failure = err;
      else if (userSignal?.aborted) throw userSignal.reason;
      else if (timedOut) {
        failure = new PveError({
          kind: 'timeout',
          message: `No complete answer within ${options.timeoutMs ?? this.#opts.timeoutMs} ms`,
          request,
          transportCode: 'KILN_REQUEST_TIMEOUT',
          cause: err,
        });
      } else failure = pinMismatchError(err, request) ?? errorFromTransport(err, request);
      throw failure;
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
      this.#report({ method, path, attempt, status, durationMs: performance.now() - started, error: failure });
    }
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function decodeEnvelope(json: unknown, request: string): Envelope {
  if (typeof json !== 'object' || json === null || !('data' in json)) {
    throw new PveError({ kind: 'invalid-response', message: 'Answer is not a PVE {"data": ...} envelope', request });
  }
  const env = json as { data: unknown; total?: unknown };
  const total = typeof env.total === 'number' ? env.total : typeof env.total === 'string' ? Number(env.total) : undefined;
  return { data: env.data, total: Number.isFinite(total) ? total : undefined };
}
