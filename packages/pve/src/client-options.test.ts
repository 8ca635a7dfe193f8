import { describe, expect, it } from 'vitest';
import { resolveBaseUrl, resolveClientConfig } from './client-options';
import { encodeParams, apiPath } from './encode';

describe('resolveBaseUrl', () => {
  it('defaults to https and port 8006 for a bare host', () => {
    expect(resolveBaseUrl('pve1.lan')).toEqual({ origin: 'https://pve1.lan:8006', basePath: '/api2/json' });
  });

  it('keeps explicit ports and accepts a trailing /api2/json', () => {
    expect(resolveBaseUrl('https://10.0.0.11:8006/api2/json/').origin).toBe('https://10.0.0.11:8006');
    expect(resolveBaseUrl('https://[fd00::11]:9443').origin).toBe('https://[fd00::11]:9443');
  });

  it('refuses http and unexpected paths', () => {
    expect(() => resolveBaseUrl('http://pve1:8006')).toThrow(/https/);
    expect(() => resolveBaseUrl('https://pve1:8006/other')).toThrow(/path/);
  });
});

describe('resolveClientConfig', () => {
  it('normalizes the pin and merges the retry policy', () => {
    const c = resolveClientConfig({
      baseUrl: 'pve1',
      token: { tokenId: 'kiln@pve!kiln', secret: 'abc' },
      fingerprint: 'ab'.repeat(32),
      retry: { maxAttempts: 5 },
    });
    expect(c.fingerprint).toBe(Array(32).fill('AB').join(':'));
    expect(c.transport.retry).toEqual({ maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5000 });
    expect(c.transport.authorization).toBe('PVEAPIToken=kiln@pve!kiln=abc');
  });

  it('rejects a non-positive attempt count', () => {
    expect(() => resolveClientConfig({ baseUrl: 'pve1', token: 'a@pve!bb=c', retry: { maxAttempts: 0 } })).toThrow(/maxAttempts/);
  });
});

describe('encoding', () => {
  it('form-encodes booleans as 1/0, skips undefined, encodes spaces and newlines', () => {
    expect(encodeParams({ start: true, force: false, skip: undefined, vmid: 101, 'ssh-public-keys': 'ssh-ed25519 AAA a@b\nx' })).toBe(
      'start=1&force=0&vmid=101&ssh-public-keys=ssh-ed25519%20AAA%20a%40b%0Ax',
    );
  });

  it('encodes path segments so a UPID stays one segment', () => {
    expect(apiPath`/nodes/${'pve1'}/tasks/${'UPID:pve1:0001:00C0:67A1:vzcreate:105:kiln@pve!kiln:'}/status`).toBe(
      '/nodes/pve1/tasks/UPID%3Apve1%3A0001%3A00C0%3A67A1%3Avzcreate%3A105%3Akiln%40pve!kiln%3A/status',
    );
    expect(apiPath`/nodes/${'../x'}/lxc`).toBe('/nodes/..%2Fx/lxc');
  });
});
