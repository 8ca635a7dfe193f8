/**
 * Everything that can go wrong talking SSH to a node, as one typed error. Messages are safe to
 * show: they name the target and what happened, never a password, key, or command argument.
 */
import { AppError } from '@kiln/core';

export type SshErrorKind =
  /** The node refused our credentials. */
  | 'auth'
  /** The node's host key is not the pinned one (reinstalled node, or someone in between). */
  | 'host-key-mismatch'
  /** No SSH session could be set up: refused, name not found, network or handshake timeout. */
  | 'unreachable'
  /** The call's deadline passed or its AbortSignal fired; the remote command was killed. */
  | 'timeout'
  /** The connection or channel broke while the command ran. */
  | 'channel'
  /** pct: the container exists but is not running. */
  | 'not-running'
  /** pct: no such container on this node. */
  | 'no-container'
  /** The host has no `pct`: not a Proxmox VE node. */
  | 'no-pct'
  /** A command that must succeed (pct push/set/status) exited non-zero. */
  | 'exit'
  /** The caller passed something that cannot be sent (bad VMID, NUL byte in an argument). */
  | 'invalid-argument';

export type UnreachableReason = 'refused' | 'dns' | 'timeout' | 'network' | 'closed';

export interface SshErrorDetails {
  /** `host:port` of the node. */
  target?: string;
  reason?: UnreachableReason | 'deadline' | 'aborted';
  expectedFingerprint?: string;
  actualFingerprint?: string;
  exitCode?: number;
  /** Trimmed stderr of a failed pct command (pct's own error text). */
  stderr?: string;
}

export class SshError extends AppError {
  readonly kind: SshErrorKind;
  readonly details: SshErrorDetails;

  constructor(kind: SshErrorKind, message: string, details: SshErrorDetails = {}, options?: { cause?: unknown }) {
    super('SSH', message, options);
    this.kind = kind;
    this.details = details;
  }
}

export function isSshError(e: unknown, kind?: SshErrorKind): e is SshError {
  return e instanceof SshError && (kind === undefined || e.kind === kind);
}
