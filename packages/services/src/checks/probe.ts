import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { INTERNAL_TARGET_CODE, INTERNAL_TARGET_MESSAGE, externalOnlyLookup, isInternalAddress } from '../nodes/targets';
import type { CheckKind } from './schema';

/**
 * One probe from the worker to a container's service, with Node's own sockets: these are plain
 * requests to a user's service, not Proxmox API calls, so they do not go through @kiln/pve's undici
 * client (its TLS pinning and PVE auth have nothing to do here).
 */
export interface ProbeTarget {
  kind: CheckKind;
  host: string;
  port: number;
  path: string;
  expectStatus?: number | null;
  keyword?: string | null;
  tlsWarnDays: number;
  timeoutMs: number;
  /** Off: loopback, link-local and unspecified addresses (the Kiln host itself) are refused, as for nodes. */
  allowInternal: boolean;
}

export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
  httpStatus?: number;
  tlsExpiresAt?: Date;
  error?: string;
}

/** Bodies are read this far for the keyword; a page past it is searched in its first megabyte. */
const MAX_BODY_BYTES = 1024 * 1024;
const DAY_MS = 24 * 3600 * 1000;

export function probe(t: ProbeTarget, now: () => number = performance.now.bind(performance)): Promise<ProbeResult> {
  if (!t.allowInternal && isInternalAddress(t.host)) return Promise.resolve({ ok: false, latencyMs: 0, error: INTERNAL_TARGET_MESSAGE });
  return t.kind === 'http' || t.kind === 'https' ? probeHttp(t, now) : probeTcp(t, now);
}

function errorText(e: unknown, timeoutMs: number): string {
  const code = (e as { code?: string }).code;
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR' || (e as Error).name === 'TimeoutError') return `No answer within ${timeoutMs} ms`;
  if (code === 'ECONNREFUSED') return 'Connection refused';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'Host unreachable';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'Host name not found';
  if (code === 'ECONNRESET') return 'Connection reset';
  if (code === INTERNAL_TARGET_CODE) return INTERNAL_TARGET_MESSAGE;
  return e instanceof Error ? e.message.slice(0, 200) : String(e);
}

/** TCP connect; for `ping`, a refused connection also proves the host is up (something answered). */
function probeTcp(t: ProbeTarget, now: () => number): Promise<ProbeResult> {
  const start = now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: t.host, port: t.port, ...(t.allowInternal ? {} : { lookup: externalOnlyLookup() }) });
    const done = (r: Omit<ProbeResult, 'latencyMs'>) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...r, latencyMs: Math.round(now() - start) });
    };
    const timer = setTimeout(() => done({ ok: false, error: `No answer within ${t.timeoutMs} ms` }), t.timeoutMs);
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      if (t.kind === 'ping' && (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET')) done({ ok: true });
      else done({ ok: false, error: errorText(e, t.timeoutMs) });
    });
  });
}

function probeHttp(t: ProbeTarget, now: () => number): Promise<ProbeResult> {
  const start = now();
  const mod = t.kind === 'https' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<ProbeResult, 'latencyMs'>, latency = now() - start) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...r, latencyMs: Math.round(latency) });
    };
    const req = mod.request({
      host: t.host,
      port: t.port,
      path: t.path,
      method: 'GET',
      agent: false,
      ...(t.allowInternal ? {} : { lookup: externalOnlyLookup() }),
      headers: { 'user-agent': 'Kiln service check', accept: '*/*', connection: 'close' },
      // Homelab services mostly use self-signed certificates: the chain is not verified, the expiry is.
      ...(t.kind === 'https' ? { rejectUnauthorized: false, servername: net.isIP(t.host) ? undefined : t.host } : {}),
    });
    const timer = setTimeout(() => finish({ ok: false, error: `No answer within ${t.timeoutMs} ms` }), t.timeoutMs);
    req.once('error', (e) => finish({ ok: false, error: errorText(e, t.timeoutMs) }));
    req.once('response', (res) => {
      const latency = now() - start;
      const status = res.statusCode ?? 0;
      let tlsExpiresAt: Date | undefined;
      if (t.kind === 'https') {
        const cert = (res.socket as TLSSocket).getPeerCertificate?.();
        if (cert?.valid_to) tlsExpiresAt = new Date(cert.valid_to);
      }
      const statusOk = t.expectStatus ? status === t.expectStatus : status >= 200 && status < 400;
      const verdict = (bodyHasKeyword: boolean | undefined): Omit<ProbeResult, 'latencyMs'> => {
        const base = { httpStatus: status, ...(tlsExpiresAt ? { tlsExpiresAt } : {}) };
        if (!statusOk) return { ...base, ok: false, error: `HTTP ${status}${t.expectStatus ? ` (expected ${t.expectStatus})` : ''}` };
        if (bodyHasKeyword === false) return { ...base, ok: false, error: `The page does not contain “${t.keyword}”` };
        if (tlsExpiresAt && t.tlsWarnDays > 0) {
          const days = Math.floor((tlsExpiresAt.getTime() - Date.now()) / DAY_MS);
          if (days < t.tlsWarnDays) return { ...base, ok: false, error: days < 0 ? 'The TLS certificate has expired' : `The TLS certificate expires in ${days} day${days === 1 ? '' : 's'}` };
        }
        return { ...base, ok: true };
      };
      if (!t.keyword) {
        res.resume();
        finish(verdict(undefined), latency);
        return;
      }
      const keyword = t.keyword;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.includes(keyword)) finish(verdict(true), latency);
        else if (body.length > MAX_BODY_BYTES) finish(verdict(false), latency);
      });
      res.once('end', () => finish(verdict(body.includes(keyword)), latency));
      res.once('error', (e) => finish({ ok: false, httpStatus: status, error: errorText(e, t.timeoutMs) }));
    });
    req.end();
  });
}
