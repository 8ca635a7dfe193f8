'use server';

import { revalidatePath } from 'next/cache';
import { resetUser } from '@kiln/services';
import { adminAction } from '@/lib/safe-action';
import { auth, deps } from '@/server/services';
import { resetUserSchema } from '@/features/auth/schemas';

/** An admin sets a new password and/or removes 2FA of another user; their sessions end. */
export const resetUserAction = adminAction
  .metadata({ name: 'resetUser' })
  .inputSchema(resetUserSchema)
  .action(async ({ parsedInput, ctx }) => {
    await resetUser({ db: deps().db, auth: auth() }, ctx.actor, parsedInput);
    revalidatePath('/settings/users');
    return { ok: true };
  });
