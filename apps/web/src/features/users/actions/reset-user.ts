'use server';

import { revalidatePath } from 'next/cache';
import { findUserById } from '@kiln/db';
import { NotFoundError, ValidationError } from '@kiln/core';
import { adminAction } from '@/lib/safe-action';
import { auth, getDb } from '@/server/services';
import { resetUserSchema } from '@/features/auth/schemas';

/** An admin sets a new password and/or removes 2FA of another user; their sessions end. */
export const resetUserAction = adminAction
  .metadata({ name: 'resetUser' })
  .inputSchema(resetUserSchema)
  .action(async ({ parsedInput, ctx }) => {
    if (parsedInput.userId === ctx.user.id) throw new ValidationError('Change your own password and sign-in methods under Settings → Account.');
    const target = await findUserById(getDb(), parsedInput.userId);
    if (!target) throw new NotFoundError('That user');
    await auth().resetAccount(ctx.user, target, { password: parsedInput.password || undefined, clearTwoFactor: parsedInput.clearTwoFactor }, ctx.ip);
    revalidatePath('/settings/users');
    return { ok: true };
  });
