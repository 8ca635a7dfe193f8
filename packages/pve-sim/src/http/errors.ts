import { AppError } from '@kiln/core';

/**
 * An error answered the way pveproxy answers a `die` / `PVE::Exception`: the text goes to the
 * reason phrase (first line) and to the body's `message`; `errors` holds per-parameter texts.
 * Messages keep PVE's trailing newline, as real bodies do.
 */
export class PveApiError extends AppError {
  readonly status: number;
  readonly errors: Record<string, string> | undefined;

  constructor(status: number, message: string, errors?: Record<string, string>) {
    super('PVE', message, errors ? { fieldErrors: errors } : undefined);
    this.status = status;
    this.errors = errors;
  }
}

/** `die "...\n"` in an API handler: HTTP 500 with the text. */
export function pveDie(message: string): PveApiError {
  return new PveApiError(500, message.endsWith('\n') ? message : `${message}\n`);
}

/** `raise_param_exc`: HTTP 400 `Parameter verification failed.` with per-parameter errors. */
export function paramError(errors: Record<string, string>): PveApiError {
  return new PveApiError(400, 'Parameter verification failed.\n', errors);
}

/** `raise_perm_exc`: HTTP 403 `Permission check failed (<what>)`. */
export function permError(what?: string): PveApiError {
  return new PveApiError(403, what ? `Permission check failed (${what})\n` : 'Permission check failed\n');
}

/** Thrown by the ACL code (not an HTTP concern) and mapped to 403 by the server. */
export function isPveApiError(e: unknown): e is PveApiError {
  return e instanceof PveApiError;
}
