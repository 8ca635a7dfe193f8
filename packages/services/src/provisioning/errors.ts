import { isAppError } from '@kiln/core';
import type { PveError } from '@kiln/pve';
import type { SshError } from '@kiln/ssh';

/** A step failed for a reason a retry can fix (the node was busy or briefly unreachable). */
export class TransientStepError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientStepError';
  }
}

/** A step failed for good until the user acts (bad input, missing privilege, failing script). */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly detail: { exitCode?: number; outputTail?: string; pveKind?: string } = {},
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

const TRANSIENT_PVE = new Set(['unreachable', 'timeout', 'locked', 'server', 'conflict']);
const TRANSIENT_SSH = new Set(['unreachable', 'channel']);

/**
 * Transient errors retry with backoff (connection, timeout, node busy); validation, permission
 * and script failures do not.
 */
export function isTransient(e: unknown): boolean {
  if (e instanceof TransientStepError) return true;
  if (e instanceof StepFailure) return false;
  if (!isAppError(e)) return false;
  if (e.code === 'PVE') return TRANSIENT_PVE.has((e as PveError).kind);
  if (e.code === 'SSH') return TRANSIENT_SSH.has((e as SshError).kind);
  return false;
}

/** A user-safe sentence for any failure. */
export function failureMessage(e: unknown): string {
  if (e instanceof StepFailure || e instanceof TransientStepError) return e.message;
  if (isAppError(e) && e.code === 'PVE') return (e as PveError).userMessage;
  if (isAppError(e)) return e.message;
  return 'An unexpected error stopped this step (see the worker log).';
}
