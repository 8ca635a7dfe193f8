import { AppError, isAppError, type AppErrorCode } from '@kiln/core';

/**
 * How a request/response job hands its outcome back to the web process. AppErrors (the user-safe
 * refusals: not running, no SSH to that node, no such unit) travel as data, so the web shows the
 * worker's own sentence; anything else fails the job and reads as a generic error.
 */
export type JobAnswer<T> = { ok: true; value: T } | { ok: false; error: { code: AppErrorCode; message: string; fieldErrors?: Record<string, string> } };

export async function answer<T>(fn: () => Promise<T>): Promise<JobAnswer<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (isAppError(e)) return { ok: false, error: { code: e.code, message: e.message, ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}) } };
    throw e;
  }
}

/** The value of an answer, or its error raised again as an AppError on this side. */
export function unwrapAnswer<T>(raw: unknown): T {
  const a = raw as JobAnswer<T> | null;
  if (!a || typeof a !== 'object' || !('ok' in a)) throw new AppError('INTERNAL', 'The worker answered something Kiln does not understand.');
  if (a.ok) return a.value;
  throw new AppError(a.error.code, a.error.message, a.error.fieldErrors ? { fieldErrors: a.error.fieldErrors } : undefined);
}
