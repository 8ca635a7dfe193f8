import { AppError } from '@kiln/core';

/**
 * What went wrong, as far as a caller needs to branch on it. PVE answers many business errors
 * with HTTP 500, so the kind comes from the message first and the status code second.
 */
export type PveErrorKind =
  | 'auth'
  | 'permission'
  | 'not-found'
  | 'already-exists'
  | 'already-running'
  | 'not-running'
  | 'locked'
  | 'conflict'
  | 'validation'
  | 'timeout'
  | 'unreachable'
  | 'tls-mismatch'
  | 'tls-untrusted'
  | 'task-failed'
  | 'invalid-response'
  | 'server';

/** Why a node could not be reached at all (no HTTP answer). */
export type UnreachableCause = 'refused' | 'dns' | 'timeout' | 'reset' | 'no-route' | 'other';

export interface PveTaskFailure {
  upid: string;
  exitstatus: string;
  /** The last lines of the task log, oldest first. */
  logTail: string[];
}

export interface PveErrorInit {
  kind: PveErrorKind;
  /** PVE's own text (reason phrase or body message), trimmed; or a transport description. */
  message: string;
  status?: number;
  /** Per-parameter messages from a 400 answer. */
  errors?: Record<string, string>;
  /** `METHOD /path` of the request, without query string (never carries secrets). */
  request?: string;
  /** For `permission`: the ACL path and privilege PVE named. */
  aclPath?: string;
  privilege?: string;
  /** For `locked`: the lock name (`create`, `backup`, ...). */
  lock?: string;
  unreachableCause?: UnreachableCause;
  /** Low-level error code (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT, ...), for logs and retry decisions. */
  transportCode?: string;
  expectedFingerprint?: string;
  presentedFingerprint?: string;
  task?: PveTaskFailure;
  cause?: unknown;
}

export class PveError extends AppError {
  readonly kind: PveErrorKind;
  readonly status: number | undefined;
  readonly errors: Record<string, string> | undefined;
  readonly request: string | undefined;
  readonly aclPath: string | undefined;
  readonly privilege: string | undefined;
  readonly lock: string | undefined;
  readonly unreachableCause: UnreachableCause | undefined;
  readonly transportCode: string | undefined;
  readonly expectedFingerprint: string | undefined;
  readonly presentedFingerprint: string | undefined;
  readonly task: PveTaskFailure | undefined;

  constructor(init: PveErrorInit) {
    super('PVE', init.message, { cause: init.cause, fieldErrors: init.errors });
    this.kind = init.kind;
    this.status = init.status;
    this.errors = init.errors;
    this.request = init.request;
    this.aclPath = init.aclPath;
    this.privilege = init.privilege;
    this.lock = init.lock;
    this.unreachableCause = init.unreachableCause;
    this.transportCode = init.transportCode;
    this.expectedFingerprint = init.expectedFingerprint;
    this.presentedFingerprint = init.presentedFingerprint;
    this.task = init.task;
  }

  /** A copy with more detail (e.g. a privilege the caller can infer); the original becomes the cause. */
  withDetails(patch: Partial<PveErrorInit>): PveError {
    return new PveError({
      kind: this.kind,
      message: this.message,
      status: this.status,
      errors: this.errors,
      request: this.request,
      aclPath: this.aclPath,
      privilege: this.privilege,
      lock: this.lock,
      unreachableCause: this.unreachableCause,
      transportCode: this.transportCode,
      expectedFingerprint: this.expectedFingerprint,
      presentedFingerprint: this.presentedFingerprint,
      task: this.task,
      cause: this,
      ...patch,
    });
  }

  /** A sentence for the person using Kiln: what happened and what to check. */
  get userMessage(): string {
    return userMessageFor(this);
  }
}

export function isPveError(e: unknown, kind?: PveErrorKind): e is PveError {
  return e instanceof PveError && (kind === undefined || e.kind === kind);
}

const CAUSE_TEXT: Record<UnreachableCause, string> = {
  refused: 'the connection was refused. Check the address and port (usually 8006) and that pveproxy runs',
  dns: 'the host name could not be resolved. Check the address',
  timeout: 'connecting timed out. Check the address, the network path and firewalls',
  reset: 'the connection was reset',
  'no-route': 'there is no network route to the host',
  other: 'the connection failed',
};

function userMessageFor(e: PveError): string {
  switch (e.kind) {
    case 'auth':
      return `The API token was rejected (${e.status ?? 401}). Check the token id and secret.`;
    case 'permission':
      return e.privilege !== undefined
        ? `The API token lacks the privilege ${e.privilege} on ${e.aclPath ?? '/'} (403). Grant it in Datacenter > Permissions.`
        : `The API token is not allowed to do this: ${e.message}`;
    case 'not-found':
      return `Proxmox VE could not find it: ${e.message}`;
    case 'already-exists':
      return `It already exists: ${e.message}`;
    case 'already-running':
      return 'The container is already running.';
    case 'not-running':
      return 'The container is not running.';
    case 'locked':
      return `The container is locked${e.lock !== undefined ? ` (${e.lock})` : ''} by another operation. Try again when it has finished.`;
    case 'conflict':
      return 'The configuration was changed by someone else meanwhile. Reload it and try again.';
    case 'validation': {
      const fields = Object.entries(e.errors ?? {}).map(([k, v]) => `${k}: ${v}`);
      return fields.length > 0 ? `Proxmox VE rejected the parameters: ${fields.join('; ')}` : `Proxmox VE rejected the request: ${e.message}`;
    }
    case 'timeout':
      return 'Proxmox VE did not answer in time. The operation may still complete on the node.';
    case 'unreachable':
      return `Cannot reach the Proxmox VE node: ${CAUSE_TEXT[e.unreachableCause ?? 'other']}.`;
    case 'tls-mismatch':
      return (
        `The node's TLS certificate changed: expected ${e.expectedFingerprint ?? '?'}, ` +
        `presented ${e.presentedFingerprint ?? '?'}. If it was renewed on purpose, accept the new fingerprint; ` +
        'otherwise the connection may be intercepted.'
      );
    case 'tls-untrusted':
      return "The node's TLS certificate is not trusted by this system. Pin its SHA-256 fingerprint instead.";
    case 'task-failed':
      return `The Proxmox VE task failed: ${e.task?.exitstatus ?? e.message}`;
    case 'invalid-response':
      return 'Proxmox VE sent an answer Kiln does not understand. Is this a supported PVE version (8 or 9)?';
    case 'server':
      return `Proxmox VE reported an error${e.status !== undefined ? ` (${e.status})` : ''}: ${e.message}`;
  }
}
