import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PveClient, PveError, probeCertificate } from '../src';
import { startSimHarness, type SimHarness } from './helpers/sim';

let h: SimHarness;
beforeAll(async () => {
  h = await startSimHarness({ seedContainersPerNode: 1 });
});
afterAll(async () => {
  await h?.close();
});

const OTHER = 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99';

describe('TLS trust', () => {
  it('probeCertificate reads the leaf certificate without sending a request', async () => {
    const before = h.sim.requestLog.count();
    const info = await probeCertificate('127.0.0.1', h.sim.apiPort, { timeout: 5000 });
    expect(info.fingerprint256).toBe(h.sim.tlsFingerprint);
    expect(info.trustedBySystem).toBe(false);
    expect(info.validTo.getTime()).toBeGreaterThan(Date.now());
    expect(info.validFrom.getTime()).toBeLessThan(Date.now());
    expect(info.subject).toContain('CN=');
    expect(typeof info.selfSigned).toBe('boolean');
    expect(h.sim.requestLog.count()).toBe(before);
  });

  it('a matching pin is accepted in any input form', async () => {
    const lower = h.clientFor({ fingerprint: h.sim.tlsFingerprint.toLowerCase().replace(/:/g, '') });
    expect((await lower.version()).release).toBeTruthy();
  });

  it('a different pin is refused before any request is sent, naming both fingerprints', async () => {
    const before = h.sim.requestLog.count();
    const client = h.clientFor({ fingerprint: OTHER, retry: { maxAttempts: 3, baseDelayMs: 10 } });
    const e = await client.version().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(PveError);
    const err = e as PveError;
    expect(err.kind).toBe('tls-mismatch');
    expect(err.expectedFingerprint).toBe(OTHER);
    expect(err.presentedFingerprint).toBe(h.sim.tlsFingerprint);
    expect(err.message).toContain(OTHER);
    expect(err.message).toContain(h.sim.tlsFingerprint);
    expect(err.userMessage).toMatch(/certificate changed/);
    expect(h.sim.requestLog.count()).toBe(before);
  });

  it('without a pin, the self-signed node certificate is untrusted by the system store', async () => {
    const client = new PveClient({ baseUrl: h.sim.apiUrl, token: h.sim.tokens[0]!.header, retry: { maxAttempts: 1 } });
    try {
      const e = await client.version().catch((err: unknown) => err);
      expect(e).toMatchObject({ kind: 'tls-untrusted' });
    } finally {
      await client.close();
    }
  });

  it('probeCertificate reports an unreachable port as unreachable', async () => {
    const e = await probeCertificate('127.0.0.1', 1, { timeout: 2000 }).catch((err: unknown) => err);
    expect(e).toMatchObject({ kind: 'unreachable', unreachableCause: 'refused' });
  });
});
