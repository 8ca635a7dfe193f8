import 'server-only';
import { createSafeActionClient, DEFAULT_SERVER_ERROR_MESSAGE } from 'next-safe-action';
import { z } from 'zod';
import { ForbiddenError, UnauthenticatedError, isAppError } from '@kiln/core';
import { currentSession } from '@/server/session';
import { clientIp } from '@/server/request';

/**
 * The one boundary where errors become what the user sees: AppErrors keep their safe
 * message (and field errors), anything else is logged server-side and shown generically.
 */
export interface ActionServerError {
  code: string;
  message: string;
  fieldErrors?: Record<string, string>;
}

const baseClient = createSafeActionClient({
  defineMetadataSchema: () => z.object({ name: z.string() }),
  defaultValidationErrorsShape: 'flattened',
  handleServerError(e, utils): ActionServerError {
    if (isAppError(e)) return { code: e.code, message: e.message, fieldErrors: e.fieldErrors };
    // Never echo unknown errors: they may carry connection strings or stack traces.
    console.error(`[action ${utils.metadata?.name ?? '?'}] unexpected error:`, e instanceof Error ? e.name + ': ' + e.message : e);
    return { code: 'INTERNAL', message: DEFAULT_SERVER_ERROR_MESSAGE };
  },
});

/** For the few actions that run before sign-in (first-run setup). */
export const publicAction = baseClient.use(async ({ next }) => next({ ctx: { ip: await clientIp() } }));

/**
 * Any signed-in session, also one that still has to enrol a required second factor: only for
 * signing out and for the enrolment itself.
 */
export const sessionAction = baseClient.use(async ({ next }) => {
  const cur = await currentSession();
  if (!cur) throw new UnauthenticatedError('Your session has ended. Sign in again.');
  const ip = await clientIp();
  // The acting user as services take it (audit actor, role for admin-only allowances).
  const actor = { id: cur.user.id, username: cur.user.username, role: cur.user.role, ip };
  return next({ ctx: { user: cur.user, sid: cur.sid, mustEnrol: cur.mustEnrol, ip, actor } });
});

/** Every other server action: checks the session itself; middleware is not an auth boundary. */
export const authAction = sessionAction.use(async ({ next, ctx }) => {
  if (ctx.mustEnrol) throw new ForbiddenError('Set up two-factor sign-in first (an administrator requires it).');
  return next({ ctx });
});

export const adminAction = authAction.use(async ({ next, ctx }) => {
  if (ctx.user.role !== 'admin') throw new ForbiddenError('Only an administrator can do that.');
  return next({ ctx });
});
