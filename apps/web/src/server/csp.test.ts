import { describe, expect, it } from 'vitest';
import { consoleSources, contentSecurityPolicy } from './csp';

describe('contentSecurityPolicy', () => {
  it('allows scripts only with the nonce, eval only in development, and no framing', () => {
    const prod = contentSecurityPolicy({ nonce: 'abc', dev: false, consoleSources: ['ws://kiln.lan:3001'] });
    expect(prod).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
    expect(prod).not.toContain('unsafe-eval');
    expect(prod).toContain("frame-ancestors 'none'");
    expect(prod).toContain("connect-src 'self' ws://kiln.lan:3001;");
    expect(contentSecurityPolicy({ nonce: 'abc', dev: true, consoleSources: [] })).toContain("'unsafe-eval'");
  });
});

describe('consoleSources', () => {
  it('is the public URL when a proxy fronts the console', () => {
    expect(consoleSources({ publicUrl: 'wss://kiln.example.com/console', pageHost: 'kiln.example.com', ports: [3001] })).toEqual(['wss://kiln.example.com/console']);
  });

  it("is the page's host on each gateway port otherwise", () => {
    expect(consoleSources({ pageHost: 'kiln.lan:3000', ports: [3001, 41234, 3001, 0] })).toEqual(['ws://kiln.lan:3001', 'wss://kiln.lan:3001', 'ws://kiln.lan:41234', 'wss://kiln.lan:41234']);
    expect(consoleSources({ pageHost: '[::1]:3000', ports: [3001] })).toEqual(['ws://[::1]:3001', 'wss://[::1]:3001']);
  });
});
