import net from 'node:net';
import tls from 'node:tls';
import { ValidationError } from '@kiln/core';
import { buildConnector } from 'undici';
import { errorFromTransport } from './classify';
import { PveError } from './errors';

/**
 * Normalize a SHA-256 certificate fingerprint to PVE's `AB:CD:...` form (uppercase, colon-separated).
 * Accepts lowercase, with or without colons (also spaces or dashes as separators).
 */
export function normalizeFingerprint(input: string): string {
  const hex = input
    .trim()
    .replace(/^sha256\s*[:=]?\s*/i, '')
    .replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new ValidationError('A SHA-256 fingerprint has 64 hex digits, e.g. AB:CD:EF:...', {
      fingerprint: 'Expected 32 hex byte pairs',
    });
  }
  return hex.toUpperCase().match(/.{2}/g)!.join(':');
}

/** Thrown inside the connector; carries both fingerprints to the request's error. */
class PinMismatch extends Error {
  readonly code = 'ERR_PVE_TLS_PIN_MISMATCH';
  constructor(
    readonly expected: string,
    readonly presented: string,
  ) {
    super(`TLS certificate fingerprint mismatch: expected ${expected}, presented ${presented}`);
  }
}

export function pinMismatchError(err: unknown, request: string): PveError | undefined {
  let cur: unknown = err;
  for (let i = 0; i < 5 && typeof cur === 'object' && cur !== null; i++) {
    if (cur instanceof PinMismatch) {
      return new PveError({
        kind: 'tls-mismatch',
        message: `The node's TLS certificate does not match the pinned fingerprint: ` + `expected ${cur.expected}, presented ${cur.presented}`,
        request,
        expectedFingerprint: cur.expected,
        presentedFingerprint: cur.presented,
        transportCode: cur.code,
      });
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface ConnectorOptions {
  /** Normalized pin; when absent, the system CA store (plus `ca`) verifies the chain and host name. */
  fingerprint?: string;
  ca?: string | Buffer;
  connectTimeoutMs: number;
  /** Name resolution at connect time (see PveClientOptions.lookup). */
  lookup?: net.LookupFunction | undefined;
}

/**
 * An undici connector. With a pin, chain verification is off and the leaf certificate's SHA-256
 * must equal the pin; the check runs on `secureConnect`, before undici writes any request bytes.
 * Session resumption is disabled so every connection presents (and we check) a certificate.
 */
export function createConnector(opts: ConnectorOptions): buildConnector.connector {
  if (opts.fingerprint === undefined) {
    return buildConnector({ timeout: opts.connectTimeoutMs, ...(opts.ca ? { ca: opts.ca } : {}), ...(opts.lookup ? { lookup: opts.lookup } : {}) });
  }
  const expected = opts.fingerprint;
  const connect = buildConnector({ timeout: opts.connectTimeoutMs, rejectUnauthorized: false, maxCachedSessions: 0, ...(opts.lookup ? { lookup: opts.lookup } : {}) });
  return (options, callback) => {
    connect(options, (err, socket) => {
      if (err !== null) return callback(err, null);
      const presented = (socket as tls.TLSSocket).getPeerCertificate?.()?.fingerprint256 || 'none';
      if (presented !== expected) {
        socket.destroy();
        return callback(new PinMismatch(expected, presented), null);
      }
      callback(null, socket);
    });
  };
}

export interface CertificateInfo {
  /** `AB:CD:...` SHA-256 of the leaf certificate, the value to pin. */
  fingerprint256: string;
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
  /** Issued by itself (subject equals issuer). PVE's default node cert is issued by the cluster CA instead. */
  selfSigned: boolean;
  /** Whether the chain verifies against the system CA store (host name not checked). */
  trustedBySystem: boolean;
  subjectAltNames: string[];
}

function formatName(name: tls.Certificate | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

/**
 * Connect without verification, read the leaf certificate, and hang up: trust on first use.
 * No HTTP request is sent, so no credentials can leak to an impostor.
 */
export function probeCertificate(host: string, port = 8006, options: { timeout?: number; signal?: AbortSignal; lookup?: net.LookupFunction } = {}): Promise<CertificateInfo> {
  const timeout = options.timeout ?? 10_000;
  const request = `TLS probe ${host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      rejectUnauthorized: false,
      ...(net.isIP(host) === 0 ? { servername: host } : {}),
      ...(options.lookup ? { lookup: options.lookup } : {}),
    });
    const fail = (err: unknown): void => {
      cleanup();
      socket.destroy();
      reject(err instanceof PveError ? err : errorFromTransport(err, request));
    };
    // A caller's abort is not a node failure: reject with the caller's own reason.
    const onAbort = (): void => {
      cleanup();
      socket.destroy();
      reject(options.signal?.reason);
    };
    const timer = setTimeout(() => {
      const err = Object.assign(new Error('TLS probe timed out'), { code: 'ETIMEDOUT' });
      fail(err);
    }, timeout);
    const cleanup = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      cleanup();
      const info: CertificateInfo = {
        fingerprint256: cert.fingerprint256,
        subject: formatName(cert.subject),
        issuer: formatName(cert.issuer),
        validFrom: new Date(cert.valid_from),
        validTo: new Date(cert.valid_to),
        selfSigned: formatName(cert.subject) === formatName(cert.issuer),
        trustedBySystem: socket.authorized,
        subjectAltNames: (cert.subjectaltname ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      };
      socket.destroy();
      resolve(info);
    });
  });
}
