import { ValidationError } from '@kiln/core';
import { z } from 'zod';
import { PveError } from './errors';

function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** Validate an answer; a mismatch is `invalid-response` naming the fields (never their values). */
export function parseAnswer<S extends z.ZodType>(schema: S, data: unknown, request: string): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const where = r.error.issues
    .slice(0, 3)
    .map((i) => `${issuePath(i.path)}: ${i.message}`)
    .join('; ');
  throw new PveError({ kind: 'invalid-response', message: `Unexpected answer shape (${where})`, request, cause: r.error });
}

/** Validate caller input locally, before anything is sent; errors map to PVE's parameter names. */
export function parseInput<T>(build: () => T, request: string): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof z.ZodError) {
      const errors: Record<string, string> = {};
      for (const issue of err.issues) {
        const key = issuePath(issue.path);
        errors[key] = errors[key] ?? issue.message;
      }
      throw new PveError({ kind: 'validation', message: 'Invalid parameters (checked before sending)', errors, request });
    }
    if (err instanceof ValidationError) {
      throw new PveError({ kind: 'validation', message: err.message, errors: err.fieldErrors, request });
    }
    throw err;
  }
}
