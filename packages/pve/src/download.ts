/**
 * One file over HTTPS (or HTTP) for the worker: a catalogue source published as a tarball. It is
 * here because undici is (the one package that speaks HTTP to other servers). Bounded in size and
 * time, redirects followed a few times (each connection through the caller's lookup, so a guard
 * against internal addresses holds for every hop), and TLS failures explained in words.
 */
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';

export interface DownloadOptions {
  /** The body may not be larger (checked against Content-Length first, then while reading). */
  maxBytes: number;
  /** For the whole download, body included. */
  timeoutMs: number;
  /** Resolves each host before connecting (e.g. one that refuses internal addresses). */
  lookup?: LookupFunction;
  maxRedirects?: number;
}

export type DownloadErrorCode = 'too-large' | 'timeout' | 'tls' | 'http' | 'network' | 'url';

/** A download that did not happen, with a message a user can act on. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly code: DownloadErrorCode,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface Download {
  body: Buffer;
  /** After redirects. */
  url: string;
}

/** What Node's TLS layer says, in words: why the certificate was refused and what to do. */
const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a self-signed certificate no trusted CA issued',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate was not issued by a CA Kiln trusts (or the server does not send its intermediate certificate)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate was not issued by a CA Kiln trusts (or the server does not send its intermediate certificate)',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet (check the clocks)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host name',
};

function causeCode(e: unknown): string | undefined {
  for (let c: unknown = e, i = 0; c && i < 5; c = (c as { cause?: unknown }).cause, i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && (code in TLS_REASONS || /^ERR_TLS|CERT|^E[A-Z]+$/.test(code))) return code;
  }
  return undefined;
}

function explain(e: unknown, url: URL): DownloadError {
  if (e instanceof DownloadError) return e;
  const code = causeCode(e);
  const host = url.host;
  if (code && TLS_REASONS[code]) {
    return new DownloadError(
      `The TLS certificate of ${host} was refused: ${TLS_REASONS[code]} (${code}). Kiln checks the certificates of catalogue sources against the system's CAs; serve the file with a certificate from a public CA, or make the worker trust your CA (NODE_EXTRA_CA_CERTS).`,
      'tls',
    );
  }
  if (code && /CERT|TLS/.test(code)) return new DownloadError(`The TLS connection to ${host} failed (${code}).`, 'tls');
  const name = (e as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new DownloadError(`${host} did not answer in time.`, 'timeout');
  }
  const message = (e as Error).message || String(e);
  if (code === 'ECONNREFUSED') return new DownloadError(`${host} refused the connection.`, 'network');
  if (code === 'ENOTFOUND') return new DownloadError(`${url.hostname} does not resolve.`, 'network');
  return new DownloadError(`Downloading from ${host} failed: ${message}`, 'network');
}

/** GET one URL into memory, or a DownloadError. */
export async function download(href: string, o: DownloadOptions): Promise<Download> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new DownloadError(`"${href}" is not a URL`, 'url');
  }
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const agent = new Agent({ connect: { timeout: Math.min(o.timeoutMs, 30_000), ...(o.lookup ? { lookup: o.lookup } : {}) } });
  try {
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DownloadError(`${url.protocol} URLs are not fetched (only https:// and http://)`, 'url');
      let res: Awaited<ReturnType<typeof request>>;
      try {
        res = await request(url, { dispatcher: agent, method: 'GET', signal: deadline, headers: { 'user-agent': 'Kiln catalogue sync', accept: '*/*' } });
      } catch (e) {
        throw explain(e, url);
      }
      const location = res.headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
        await res.body.dump();
        if (hop >= (o.maxRedirects ?? 5)) throw new DownloadError(`${url.host} redirected too many times.`, 'http');
        url = new URL(location, url);
        continue;
      }
      if (res.statusCode !== 200) {
        await res.body.dump();
        throw new DownloadError(`${url.host} answered HTTP ${res.statusCode} for ${url.pathname}.`, 'http');
      }
      const tooLarge = () => new DownloadError(`The file at ${url.host}${url.pathname} is larger than ${Math.round(o.maxBytes / 1024 / 1024)} MiB, the most Kiln downloads for a source.`, 'too-large');
      const length = Number(res.headers['content-length'] ?? NaN);
      if (length > o.maxBytes) {
        res.body.destroy();
        throw tooLarge();
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of res.body) {
          size += (chunk as Buffer).length;
          if (size > o.maxBytes) {
            res.body.destroy();
            throw tooLarge();
          }
          chunks.push(chunk as Buffer);
        }
      } catch (e) {
        throw explain(e, url);
      }
      return { body: Buffer.concat(chunks), url: url.href };
    }
  } finally {
    await agent.close().catch(() => undefined);
  }
}
