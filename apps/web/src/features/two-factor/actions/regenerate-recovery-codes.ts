'use server';

import { revalidatePath } from 'next/cache';
import { authAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { confirmPasswordSchema } from '@/features/auth/schemas';

/** Ten new one-time codes, shown once; the old ones stop working. Asks for the password again. */
export const regenerateRecoveryCodesAction = authAction
  .metadata({ name: 'regenerateRecoveryCodes' })
  .inputSchema(confirmPasswordSchema)
  .action(async ({ parsedInput, ctx }) => {
    const recoveryCodes = await auth().regenerateRecoveryCodes(ctx.user, parsedInput.password, { ip: ctx.ip });
    revalidatePath('/settings/account');
    return { recoveryCodes };
  });
