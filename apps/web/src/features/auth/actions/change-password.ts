'use server';

import { findUserForLogin, setPasswordHash, recordAudit } from '@kiln/db';
import { hashPassword, verifyPassword } from '@kiln/auth';
import { ValidationError } from '@kiln/core';
import { authAction } from '@/lib/safe-action';
import { auth, getDb } from '@/server/services';
import { userAgent } from '@/server/request';
import { writeSessionId } from '@/server/session';
import { changePasswordSchema } from '../schemas';

/** Changes the password, ends every other session, and keeps this one signed in with a new id. */
export const changePasswordAction = authAction
  .metadata({ name: 'changePassword' })
  .inputSchema(changePasswordSchema)
  .action(async ({ parsedInput, ctx }) => {
    const db = getDb();
    const row = await findUserForLogin(db, ctx.user.username);
    if (!row || !(await verifyPassword(row.passwordHash, parsedInput.currentPassword))) {
      throw new ValidationError('Check the highlighted field.', { currentPassword: 'This is not your current password.' });
    }
    await setPasswordHash(db, ctx.user.id, await hashPassword(parsedInput.password));
    await auth().sessions.destroyAllForUser(ctx.user.id);
    await recordAudit(db, { userId: ctx.user.id, actor: ctx.user.username, action: 'user.password-change', outcome: 'success', ip: ctx.ip });
    const res = await auth().login({ username: ctx.user.username, password: parsedInput.password, ip: ctx.ip, userAgent: await userAgent() });
    if (res.ok) await writeSessionId(res.sid);
    return { ok: true };
  });
