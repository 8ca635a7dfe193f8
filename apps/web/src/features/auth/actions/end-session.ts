'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { NotFoundError } from '@kiln/core';
import { authAction } from '@/lib/safe-action';
import { auth } from '@/server/services';

/** Ends one of the user's own sessions (another device); scoped by the user's session index. */
export const endSessionAction = authAction
  .metadata({ name: 'endSession' })
  .inputSchema(z.object({ idHash: z.string().min(1).max(64) }))
  .action(async ({ parsedInput, ctx }) => {
    if (!(await auth().endSession(ctx.user, parsedInput.idHash, ctx.ip))) throw new NotFoundError('That session');
    revalidatePath('/settings/account');
    return { ok: true };
  });
