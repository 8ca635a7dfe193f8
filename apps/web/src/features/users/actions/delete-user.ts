'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { deleteUser } from '@kiln/services';
import { adminAction } from '@/lib/safe-action';
import { auth, deps } from '@/server/services';

export const deleteUserAction = adminAction
  .metadata({ name: 'deleteUser' })
  .inputSchema(z.object({ userId: z.uuid('Unknown user.') }))
  .action(async ({ parsedInput, ctx }) => {
    await deleteUser({ db: deps().db, auth: auth() }, ctx.actor, parsedInput.userId);
    revalidatePath('/settings/users');
    return { ok: true };
  });
