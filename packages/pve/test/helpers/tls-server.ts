import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import tls from 'node:tls';

export interface TestCert {
  key: string;
  cert: string;
  fingerprint: string;
}

/** A throwaway self-signed certificate (openssl CLI), like a fresh PVE node's. */
export function selfSignedCert(commonName = 'misbehaving-node', subjectAltName?: string): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-pve-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
        ...(subjectAltName ? ['-addext', `subjectAltName=${subjectAltName}`] : []),
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    return { key, cert, fingerprint: new X509Certificate(cert).fingerprint256 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type Behaviour = 'stall' | 'reset-after-request';

export interface MisbehavingServer {
  port: number;
  fingerprint: string;
  /** HTTP requests (first bytes of application data) received. */
  requests: number;
  close(): Promise<void>;
}

/**
 * A real TLS server that reads the HTTP request and then either never answers (`stall`) or
 * drops the connection (`reset-after-request`): the request may have been received.
 */
export async function startMisbehavingServer(cert: TestCert, behaviour: Behaviour): Promise<MisbehavingServer> {
  const sockets = new Set<net.Socket>();
  const state = { requests: 0 };
  // TLS is layered on a plain TCP server so the raw socket can be reset (RST), like a crash.
  const server = net.createServer((raw) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => undefined);
    const socket = new tls.TLSSocket(raw, { isServer: true, key: cert.key, cert: cert.cert });
    socket.on('error', () => undefined);
    socket.once('data', () => {
      state.requests++;
      if (behaviour === 'reset-after-request') raw.resetAndDestroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    fingerprint: cert.fingerprint,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
