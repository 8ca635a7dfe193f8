import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PveClient, type PveClientOptions } from '../src';
import { selfSignedCert, startMisbehavingServer, type MisbehavingServer, type TestCert } from './helpers/tls-server';
import { caught } from './helpers/caught';

/**
 * Transport behaviour against real TLS servers that misbehave on purpose (stall, drop the
 * connection after reading the request) and against closed ports and unresolvable names.
 */
const TOKEN = 'kiln@pve!kiln=5f3c9b2e-1a4d-4c8e-9f7a-0b1c2d3e4f50';
let cert: TestCert;
const servers: MisbehavingServer[] = [];
const clients: PveClient[] = [];

beforeAll(() => {
  cert = selfSignedCert();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});

function client(options: Partial<PveClientOptions> & { baseUrl: string }): PveClient {
  const c = new PveClient({ token: TOKEN, fingerprint: cert.fingerprint, ...options });
  clients.push(c);
  return c;
}

async function server(behaviour: 'stall' | 'reset-after-request'): Promise<MisbehavingServer> {
  const s = await startMisbehavingServer(cert, behaviour);
  servers.push(s);
  return s;
}

/** A port nothing listens on: bind, note it, close. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('transport', () => {
  it('unreachable/refused, after the configured number of GET attempts', async () => {
    let attempts = 0;
    const c = client({
      baseUrl: `https://127.0.0.1:${await closedPort()}`,
      retry: { maxAttempts: 2, baseDelayMs: 10 },
      onRequest: () => attempts++,
    });
    const e = await caught(c.version());
    expect(e).toMatchObject({ kind: 'unreachable', unreachableCause: 'refused', transportCode: 'ECONNREFUSED', request: 'GET /version' });
    expect(e.userMessage).toMatch(/refused/);
    expect(attempts).toBe(2);
  });

  it('unreachable/dns for a name that does not resolve, without retrying', async () => {
    let attempts = 0;
    const c = client({ baseUrl: 'https://kiln-no-such-node.invalid:8006', retry: { maxAttempts: 3, baseDelayMs: 10 }, onRequest: () => attempts++ });
    const e = await caught(c.version());
    expect(e).toMatchObject({ kind: 'unreachable', unreachableCause: 'dns' });
    // ENOTFOUND is final; a resolver that is itself unreachable (EAI_AGAIN) is worth retrying.
    expect(attempts).toBe(e.transportCode === 'EAI_AGAIN' ? 3 : 1);
  });

  it('timeout: a node that accepts but never answers; GET retried, POST not', async () => {
    const s = await server('stall');
    const c = client({ baseUrl: `https://127.0.0.1:${s.port}`, timeoutMs: 300, retry: { maxAttempts: 2, baseDelayMs: 10 } });
    const get = await caught(c.version());
    expect(get).toMatchObject({ kind: 'timeout', request: 'GET /version' });
    expect(s.requests).toBe(2);
    const post = await caught(c.lxcStart('pve1', 101));
    expect(post).toMatchObject({ kind: 'timeout', request: 'POST /nodes/pve1/lxc/101/status/start' });
    expect(s.requests).toBe(3);
  });

  it('per-call timeoutMs overrides the client default', async () => {
    const s = await server('stall');
    const c = client({ baseUrl: `https://127.0.0.1:${s.port}`, timeoutMs: 60_000, retry: { maxAttempts: 1 } });
    const e = await caught(c.nodes({ timeoutMs: 200 }));
    expect(e.kind).toBe('timeout');
  });

  it('retries only for GET: the connection drops after the request was sent', async () => {
    const s = await server('reset-after-request');
    const c = client({ baseUrl: `https://127.0.0.1:${s.port}`, retry: { maxAttempts: 3, baseDelayMs: 10 } });
    const get = await caught(c.lxcList('pve1'));
    expect(get).toMatchObject({ kind: 'unreachable', unreachableCause: 'reset' });
    expect(s.requests).toBe(3);
    for (const call of [() => c.lxcStart('pve1', 101), () => c.lxcSetConfig('pve1', 101, { memory: 1024 }), () => c.lxcDelete('pve1', 101)]) {
      const before = s.requests;
      const e = await caught(call());
      expect(e.kind).toBe('unreachable');
      expect(s.requests - before).toBe(1);
    }
  });

  it('a caller abort rejects with the caller reason, not a PveError', async () => {
    const s = await server('stall');
    const c = client({ baseUrl: `https://127.0.0.1:${s.port}` });
    const controller = new AbortController();
    const reason = new Error('page closed');
    setTimeout(() => controller.abort(reason), 100);
    await expect(c.version({ signal: controller.signal })).rejects.toBe(reason);
  });

  it('tls-mismatch: a pinned client refuses another certificate before sending the request', async () => {
    const s = await server('stall');
    const other = 'AB:'.repeat(31) + 'AB';
    const c = client({ baseUrl: `https://127.0.0.1:${s.port}`, fingerprint: other.toLowerCase(), retry: { maxAttempts: 3, baseDelayMs: 10 } });
    const e = await caught(c.version());
    expect(e).toMatchObject({ kind: 'tls-mismatch', expectedFingerprint: other, presentedFingerprint: cert.fingerprint });
    expect(e.message).toContain(other);
    expect(e.message).toContain(cert.fingerprint);
    expect(s.requests).toBe(0);
  });

  it('tls-untrusted: without a pin, a self-signed certificate is refused', async () => {
    const s = await server('stall');
    const c = new PveClient({ baseUrl: `https://127.0.0.1:${s.port}`, token: TOKEN, retry: { maxAttempts: 1 } });
    clients.push(c);
    const e = await caught(c.version());
    expect(e.kind).toBe('tls-untrusted');
    expect(s.requests).toBe(0);
  });

  it('the CA option trusts a private CA (here the self-signed cert itself) with host name checks', async () => {
    const s = await server('stall');
    const c = new PveClient({ baseUrl: `https://127.0.0.1:${s.port}`, token: TOKEN, ca: cert.cert, timeoutMs: 200, retry: { maxAttempts: 1 } });
    clients.push(c);
    const e = await caught(c.version());
    // The cert is for CN=misbehaving-node, not 127.0.0.1: the host name check must fail.
    expect(e.kind).toBe('tls-untrusted');
    expect(e.transportCode).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(s.requests).toBe(0);

    // Same, with a certificate valid for 127.0.0.1: TLS is accepted and the request goes out.
    const valid = selfSignedCert('pve-local', 'IP:127.0.0.1');
    const s2 = await startMisbehavingServer(valid, 'stall');
    servers.push(s2);
    const c2 = new PveClient({ baseUrl: `https://127.0.0.1:${s2.port}`, token: TOKEN, ca: valid.cert, timeoutMs: 200, retry: { maxAttempts: 1 } });
    clients.push(c2);
    expect((await caught(c2.version())).kind).toBe('timeout');
    expect(s2.requests).toBe(1);
  });
});
