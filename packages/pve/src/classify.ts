import { PveError, type PveErrorKind, type UnreachableCause } from './errors';

interface MessageClass {
  kind: PveErrorKind;
  aclPath?: string;
  privilege?: string;
  lock?: string;
}

// `Permission check failed (/vms/101, VM.Allocate)`; the privilege part may list alternatives.
const PERMISSION_RE = /Permission check failed \((\/[^,)]*), ([^)]+)\)/;
const PERMISSION_ANY_RE = /Permission check failed|permission denied|only allowed for root@pam/i;
// `CT is locked (create)`, `VM is locked (backup)`, `can't lock file '/run/lock/lxc/pve-config-101.lock' - got timeout`.
const LOCKED_RE = /\bis locked \(([^)]+)\)|can't lock file/i;
const NOT_FOUND_RE = /does not exist|no such (?:vm|ct|container|task|storage|volume|node|resource)\b|not found|unknown (?:vm|node)/i;
// `unable to create CT 101 - <reason>`: the reason says what really happened.
const WRAPPED_RE = /^unable to \w+ (?:CT|VM) \d+ - (.+)$/s;

/** Classify PVE's message text. Returns undefined when the text says nothing specific. */
export function classifyMessage(message: string): MessageClass | undefined {
  const wrapped = WRAPPED_RE.exec(message);
  if (wrapped?.[1] !== undefined) return classifyMessage(wrapped[1]);

  const perm = PERMISSION_RE.exec(message);
  if (perm?.[1] !== undefined && perm[2] !== undefined) {
    return { kind: 'permission', aclPath: perm[1].trim(), privilege: perm[2].trim() };
  }
  if (PERMISSION_ANY_RE.test(message)) return { kind: 'permission' };
  if (/already exists/i.test(message)) return { kind: 'already-exists' };
  if (/already running/i.test(message)) return { kind: 'already-running' };
  if (/\bnot running\b/i.test(message)) return { kind: 'not-running' };
  // `detected modified configuration - file changed by other user? Try again.` (stale digest)
  if (/detected modified configuration/i.test(message)) return { kind: 'conflict' };
  const locked = LOCKED_RE.exec(message);
  if (locked) return locked[1] !== undefined ? { kind: 'locked', lock: locked[1] } : { kind: 'locked' };
  // A node name the cluster does not know: `hostname lookup 'pve9' failed - ...`.
  if (NOT_FOUND_RE.test(message) || /^hostname lookup '[^']+' failed/.test(message)) return { kind: 'not-found' };
  return undefined;
}

function kindFromStatus(status: number): PveErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not-found';
  if (status === 400) return 'validation';
  return 'server';
}

export interface HttpFailure {
  status: number;
  statusText: string;
  /** The decoded JSON body, when there was one. */
  body: unknown;
  request: string;
}

/** Turn a non-2xx PVE answer into a PveError. */
export function errorFromResponse(failure: HttpFailure): PveError {
  const body = isRecord(failure.body) ? failure.body : {};
  const bodyMessage = typeof body['message'] === 'string' ? body['message'].trim() : '';
  const message = bodyMessage || failure.statusText.trim() || `HTTP ${failure.status}`;
  const errors = parseParamErrors(body['errors']);

  // 401 stays `auth` whatever the text says; otherwise the text wins over the status, because
  // PVE reports `CT 101 already running` and friends as 500, and a taken VMID as a 400 param error.
  let cls: MessageClass | undefined;
  if (failure.status !== 401) {
    cls = classifyMessage(message);
    if (cls === undefined && errors !== undefined) {
      cls = Object.values(errors)
        .map(classifyMessage)
        .find((c) => c !== undefined && c.kind !== 'not-found');
    }
  }
  const kind = cls?.kind ?? kindFromStatus(failure.status);
  return new PveError({
    kind,
    message,
    status: failure.status,
    errors,
    request: failure.request,
    aclPath: cls?.aclPath,
    privilege: cls?.privilege,
    lock: cls?.lock,
  });
}

function parseParamErrors(raw: unknown): Record<string, string> | undefined {
  if (!isRecord(raw)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    out[key] = (typeof value === 'string' ? value : JSON.stringify(value)).trim();
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_CLOSED']);
const NO_ROUTE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const RESPONSE_TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS_UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Find the most specific error code in an error, its causes, and AggregateError members. */
export function findErrorCode(err: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = findErrorCode(inner, depth + 1);
      if (code !== undefined) return code;
    }
  }
  const inner = findErrorCode(e.cause, depth + 1);
  if (inner !== undefined) return inner;
  return typeof e.code === 'string' ? e.code : undefined;
}

/** Classify an error thrown by the HTTP stack (no answer was received). */
export function errorFromTransport(err: unknown, request: string): PveError {
  if (err instanceof PveError) return err;
  const code = findErrorCode(err) ?? 'UNKNOWN';
  const base = { request, transportCode: code, cause: err };
  if (RESPONSE_TIMEOUT_CODES.has(code)) {
    return new PveError({ ...base, kind: 'timeout', message: 'No answer from the node in time' });
  }
  if (TLS_UNTRUSTED_CODES.has(code)) {
    return new PveError({ ...base, kind: 'tls-untrusted', message: `TLS certificate not trusted (${code})` });
  }
  const cause: UnreachableCause = DNS_CODES.has(code)
    ? 'dns'
    : code === 'ECONNREFUSED'
      ? 'refused'
      : TIMEOUT_CODES.has(code)
        ? 'timeout'
        : RESET_CODES.has(code)
          ? 'reset'
          : NO_ROUTE_CODES.has(code)
            ? 'no-route'
            : 'other';
  return new PveError({ ...base, kind: 'unreachable', unreachableCause: cause, message: `Node unreachable (${code})` });
}
