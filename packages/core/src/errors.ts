/**
 * One application error family. Deep code throws a typed subclass with a stable `code`;
 * one boundary (the safe-action client, the job runner) maps it to what the user sees.
 * `message` must always be safe to show: no stack, token, password or private key in it.
 */
export type AppErrorCode = 'VALIDATION' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED' | 'CONFIG' | 'CRYPTO' | 'PVE' | 'SSH' | 'INTERNAL';

/** A brand that survives bundlers loading this module twice (instanceof would not). */
const APP_ERROR = Symbol.for('kiln.AppError');

export class AppError extends Error {
  readonly [APP_ERROR] = true;
  readonly code: AppErrorCode;
  /** Per-field messages, keyed by the form field / parameter name. */
  readonly fieldErrors: Record<string, string> | undefined;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown; fieldErrors?: Record<string, string> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fieldErrors = options?.fieldErrors;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, fieldErrors?: Record<string, string>) {
    super('VALIDATION', message, { fieldErrors });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'You need to sign in.') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do that.') {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} was not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, fieldErrors?: Record<string, string>) {
    super('CONFLICT', message, { fieldErrors });
  }
}

export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class ConfigError extends AppError {
  constructor(message: string) {
    super('CONFIG', message);
  }
}

export class CryptoError extends AppError {
  constructor(message: string) {
    super('CRYPTO', message);
  }
}

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[APP_ERROR] === true;
}
