import { describe, expect, it } from 'vitest';
import { errorFromResponse, errorFromTransport } from './classify';
import { PveError } from './errors';
import { backoffDelay, isRetryable } from './retry';

const transport = (code: string): PveError => errorFromTransport(Object.assign(new Error(code), { code }), 'X /x');

describe('isRetryable', () => {
  it('retries GETs after any connection-level failure or response timeout', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'EAI_AGAIN']) {
      expect(isRetryable('GET', transport(code)), code).toBe(true);
    }
    expect(isRetryable('GET', new PveError({ kind: 'timeout', message: 't' }))).toBe(true);
  });

  it('never retries a POST/PUT/DELETE that may have reached the server', () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT']) {
        expect(isRetryable(method, transport(code)), `${method} ${code}`).toBe(false);
      }
      expect(isRetryable(method, new PveError({ kind: 'timeout', message: 't' }))).toBe(false);
    }
  });

  it('retries any method when the request provably never left (refused, connect timeout)', () => {
    expect(isRetryable('POST', transport('ECONNREFUSED'))).toBe(true);
    expect(isRetryable('DELETE', transport('UND_ERR_CONNECT_TIMEOUT'))).toBe(true);
  });

  it('does not retry HTTP answers, permanent DNS failures or TLS problems', () => {
    const answer = errorFromResponse({ status: 500, statusText: 'boom', body: undefined, request: 'GET /x' });
    expect(isRetryable('GET', answer)).toBe(false);
    expect(isRetryable('GET', transport('ENOTFOUND'))).toBe(false);
    expect(isRetryable('GET', new PveError({ kind: 'tls-mismatch', message: 'x' }))).toBe(false);
  });
});

describe('backoffDelay', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

  it('grows exponentially with jitter between half and all of the ceiling', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 0)).toBe(200);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
  });

  it('caps at maxDelayMs', () => {
    expect(backoffDelay(policy, 10, () => 1)).toBe(1000);
  });
});
