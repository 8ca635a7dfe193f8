'use server';

import { revalidatePath } from 'next/cache';
import { authAction } from '@/lib/safe-action';
import { auth } from '@/server/services';

/** Ten new one-time codes, shown once; the old ones stop working. */
export const regenerateRecoveryCodesAction = authAction.metadata({ name: 'regenerateRecoveryCodes' }).action(async ({ ctx }) => {
  const recoveryCodes = await auth().twoFactor.regenerateRecoveryCodes(ctx.user, ctx.ip);
  revalidatePath('/settings/account');
  return { recoveryCodes };
});
