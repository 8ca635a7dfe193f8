'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { setRequireTwoFactor } from '@kiln/services';
import { adminAction } from '@/lib/safe-action';
import { deps } from '@/server/services';

/** "Require 2FA for all users": those without a second factor must enrol right after sign-in. */
export const setRequireTwoFactorAction = adminAction
  .metadata({ name: 'setRequireTwoFactor' })
  .inputSchema(z.object({ required: z.boolean() }))
  .action(async ({ parsedInput, ctx }) => {
    await setRequireTwoFactor(deps().db, ctx.actor, parsedInput.required);
    revalidatePath('/settings/users');
    return { ok: true };
  });
