import { Agent, request } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface ApiAnswer {
  status: number;
  reason: string;
  /** Parsed JSON body, undefined when the body is empty. */
  body: { data?: unknown; errors?: Record<string, string>; message?: string; total?: number } | undefined;
  raw: string;
  headers: Record<string, string | string[] | undefined>;
  peerFingerprint: string;
}

export interface CallOptions {
  /** Send a JSON body instead of a form body. */
  json?: boolean;
  /** Override the Authorization header (null: none). */
  auth?: string | null;
}

/** A bare HTTPS client: no retries, no normalisation - tests see exactly what the simulator sends. */
export class ApiClient {
  // no TLS session reuse: PVE closes the connection after every error, and a resumed session
  // would not show the peer certificate the tests look at
  private readonly agent = new Agent({ keepAlive: true, rejectUnauthorized: false, maxCachedSessions: 0 });

  constructor(
    private readonly baseUrl: string,
    private readonly authHeader: string,
  ) {}

  call(method: string, path: string, params: Record<string, unknown> = {}, opts: CallOptions = {}): Promise<ApiAnswer> {
    const url = new URL(this.baseUrl + path);
    const inBody = method === 'POST' || method === 'PUT';
    let body = '';
    const headers: Record<string, string> = {};
    if (inBody && opts.json) {
      body = JSON.stringify(params);
      headers['Content-Type'] = 'application/json';
    } else {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) form.append(k, String(v));
      if (inBody) {
        body = form.toString();
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
      } else if ([...form].length > 0) {
        url.search = form.toString();
      }
    }
    const auth = opts.auth === undefined ? this.authHeader : opts.auth;
    if (auth !== null) headers['Authorization'] = auth;
    if (body) headers['Content-Length'] = String(Buffer.byteLength(body));

    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        const fp = (res.socket as TLSSocket).getPeerCertificate?.()?.fingerprint256 ?? '';
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            reason: res.statusMessage ?? '',
            body: raw ? (JSON.parse(raw) as ApiAnswer['body']) : undefined,
            raw,
            headers: res.headers,
            peerFingerprint: fp,
          });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  get = (path: string, params?: Record<string, unknown>, opts?: CallOptions): Promise<ApiAnswer> => this.call('GET', path, params, opts);
  post = (path: string, params?: Record<string, unknown>, opts?: CallOptions): Promise<ApiAnswer> => this.call('POST', path, params, opts);
  put = (path: string, params?: Record<string, unknown>, opts?: CallOptions): Promise<ApiAnswer> => this.call('PUT', path, params, opts);
  del = (path: string, params?: Record<string, unknown>, opts?: CallOptions): Promise<ApiAnswer> => this.call('DELETE', path, params, opts);

  /** `data` of a successful call; fails the test with the PVE message otherwise. */
  async data<T = unknown>(method: string, path: string, params?: Record<string, unknown>, opts?: CallOptions): Promise<T> {
    const res = await this.call(method, path, params, opts);
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${res.reason} ${JSON.stringify(res.body?.errors ?? {})}`);
    return res.body?.data as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
