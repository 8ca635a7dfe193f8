import { AuthenticationError } from '../auth/access-control';
import { checkApiPermissions } from '../auth/perm-check';
import { FileDownload, type Route } from '../api/types';
import type { HttpMethod } from '../schema/types';
import { perlScalar, validateParameters } from '../schema/validate';
import type { Sim } from '../sim';
import { isPveApiError, paramError, permError, PveApiError } from './errors';
import type { FailureInjector } from './failures';
import { BodyError, extractParams } from './params';

export interface ApiRequest {
  method: string;
  /** Decoded path after `/api2/json`, e.g. `/nodes/pve1/lxc`. */
  relPath: string;
  query: string;
  contentType: string | undefined;
  body: string;
  /** Parameters pveproxy collected from a multipart upload (instead of query and body). */
  uploadParams?: Record<string, string | undefined>;
}

/** pveproxy's `auth_handler` treats this one path as a file upload (`isUpload`). */
const UPLOAD_PATH = /^\/nodes\/([^/]+)\/storage\/([^/]+)\/upload$/;

export type ApiResponse = { kind: 'ok'; data: unknown; total?: number } | { kind: 'download'; file: FileDownload } | { kind: 'error'; error: PveApiError };

const KNOWN_METHODS = new Set<HttpMethod>(['GET', 'POST', 'PUT', 'DELETE']);

/** `extract_auth_value` for the `PVEAPIToken` scheme. */
function apiTokenFrom(header: string | undefined): string | undefined {
  const m = header ? /(?:^|\s)PVEAPIToken(?:=|\s)(\S+)/.exec(header) : null;
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/**
 * pveproxy's request pipeline, in its order: authentication, handler lookup, URI/body parameter
 * merge, token and ACL checks, proxying to the target node, schema validation, the handler.
 */
export class Dispatcher {
  private readonly routes = new Map<string, Route>();

  constructor(
    private readonly sim: Sim,
    routes: readonly Route[],
    private readonly failures: FailureInjector,
  ) {
    for (const r of routes) this.routes.set(`${r.method} ${r.path}`, r);
  }

  /** pve-http-server's `auth_handler` for API tokens: the token id, or the 401 reason. */
  authenticate(authorization: string | undefined): { authid: string } | { reason: string } {
    const token = apiTokenFrom(authorization);
    try {
      if (!token) throw new AuthenticationError('No ticket');
      return { authid: this.sim.acl.verifyToken(token) };
    } catch (err) {
      if (err instanceof AuthenticationError) return { reason: err.message };
      throw err;
    }
  }

  /**
   * For `POST .../storage/{storage}/upload`, `auth_handler` checks `Datastore.AllocateTemplate`
   * before it reads the body: the refusal (or undefined when allowed); other requests: undefined.
   */
  uploadCheck(method: string, relPath: string, authid: string): { refused?: PveApiError; isUpload: boolean } {
    const m = method === 'POST' ? UPLOAD_PATH.exec(relPath) : null;
    if (!m) return { isUpload: false };
    try {
      this.sim.acl.check(authid, `/storage/${m[2] ?? ''}`, ['Datastore.AllocateTemplate']);
      return { isUpload: true };
    } catch (err) {
      if (isPveApiError(err)) return { refused: err, isUpload: true };
      throw err;
    }
  }

  /** Where uploads are written (the data dir stands in for the node's filesystem). */
  get dataDir(): string {
    return this.sim.settings.dataDir;
  }

  /** Runs an authenticated request; every failure becomes PVE's error answer. */
  async run(req: ApiRequest, authid: string): Promise<ApiResponse> {
    try {
      return await this.dispatch(req, authid);
    } catch (err) {
      if (isPveApiError(err)) return { kind: 'error', error: err };
      // A plain `die` inside a handler: HTTP 500 with its text.
      const message = err instanceof Error ? err.message : String(err);
      return { kind: 'error', error: new PveApiError(500, message.endsWith('\n') ? message : `${message}\n`) };
    }
  }

  private async dispatch(req: ApiRequest, authid: string): Promise<ApiResponse> {
    const method = req.method as HttpMethod;
    const injected = this.failures.take(method, req.relPath);
    if (injected) {
      if (injected.hangMs) await new Promise((r) => setTimeout(r, injected.hangMs));
      return { kind: 'error', error: new PveApiError(injected.status, `${injected.message}\n`) };
    }

    const match = KNOWN_METHODS.has(method) ? this.sim.index.find(method, req.relPath) : undefined;
    if (!match) return { kind: 'error', error: new PveApiError(501, `Method '${req.method} ${req.relPath}' not implemented`) };

    let params: Record<string, unknown>;
    try {
      params = req.uploadParams ? { ...req.uploadParams } : extractParams(method, req.contentType, req.body, req.query);
    } catch (err) {
      if (err instanceof BodyError) throw new PveApiError(501, `${err.message}\n`);
      throw err;
    }
    const merged: Record<string, unknown> = { ...match.uriParams };
    for (const key of Object.keys(params).sort()) {
      const uriValue = match.uriParams[key];
      if (uriValue !== undefined && uriValue !== perlScalar(params[key])) {
        throw paramError({ [key]: 'duplicate parameter (already defined in URI) with conflicting values!' });
      }
      merged[key] = params[key];
    }

    const route = this.routes.get(`${method} ${match.template}`);
    if (!route) {
      return { kind: 'error', error: new PveApiError(501, `Method '${method} ${req.relPath}' not implemented by the Kiln simulator`) };
    }
    if (match.info.allowtoken === 0) {
      throw permError(`URI '${req.relPath}' not available with API token, need proper ticket.\n`);
    }
    checkApiPermissions(this.sim.acl, match.info.permissions, authid, merged);
    const proxyto = match.info.proxyto;
    if (proxyto) this.sim.proxyNode(String(merged[proxyto] ?? ''));

    const errors = validateParameters(match.info.parameters, merged);
    if (Object.keys(errors).length > 0) throw paramError(errors);

    let total: number | undefined;
    const data = await route.handle({
      sim: this.sim,
      authid,
      params: normalize(merged),
      setTotal: (n) => {
        total = n;
      },
    });
    if (data instanceof FileDownload && match.info.download_allowed) return { kind: 'download', file: data };
    return total ? { kind: 'ok', data, total } : { kind: 'ok', data };
  }
}

/** Validated values as handler-friendly strings (JSON `true` -> `1`). */
function normalize(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'boolean') out[k] = v ? '1' : '0';
    else if (typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = perlScalar(v);
  }
  return out;
}
