'use server';

import { revalidatePath } from 'next/cache';
import { authAction } from '@/lib/safe-action';
import { auth } from '@/server/services';

export const disableTotpAction = authAction.metadata({ name: 'disableTotp' }).action(async ({ ctx }) => {
  await auth().twoFactor.disableTotp(ctx.user, ctx.ip);
  revalidatePath('/settings/account');
  return { ok: true };
});
