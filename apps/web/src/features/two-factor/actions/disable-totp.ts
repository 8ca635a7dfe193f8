'use server';

import { revalidatePath } from 'next/cache';
import { authAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { confirmPasswordSchema } from '@/features/auth/schemas';

/** Turns the authenticator app off; the password is asked again so a left-open session cannot. */
export const disableTotpAction = authAction
  .metadata({ name: 'disableTotp' })
  .inputSchema(confirmPasswordSchema)
  .action(async ({ parsedInput, ctx }) => {
    await auth().disableTotp(ctx.user, parsedInput.password, { ip: ctx.ip });
    revalidatePath('/settings/account');
    return { ok: true };
  });
