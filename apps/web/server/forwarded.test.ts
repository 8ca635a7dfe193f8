import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { normaliseForwarded } from './forwarded';

const request = (headers: Record<string, string>) => ({ headers: { ...headers }, socket: { remoteAddress: '192.0.2.10' } }) as unknown as IncomingMessage;

describe('normaliseForwarded', () => {
  it('without a trusted proxy, replaces every forwarded header by the socket address', () => {
    const req = request({
      'x-forwarded-for': '203.0.113.7',
      'x-real-ip': '203.0.113.8',
      forwarded: 'for=203.0.113.9',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      host: 'kiln.lan',
    });
    normaliseForwarded(req, false);
    expect(req.headers).toEqual({ 'x-forwarded-for': '192.0.2.10', host: 'kiln.lan' });
  });

  it('behind a trusted proxy, keeps its headers and appends the proxy address', () => {
    const req = request({ 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' });
    normaliseForwarded(req, true);
    expect(req.headers).toEqual({ 'x-forwarded-for': '203.0.113.7, 192.0.2.10', 'x-forwarded-proto': 'https' });
  });
});
