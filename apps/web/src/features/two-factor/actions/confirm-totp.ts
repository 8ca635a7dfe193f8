'use server';

import { sessionAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { totpCodeSchema } from '@/features/auth/schemas';

/** Turns TOTP on once the user proved their app shows the right codes. */
export const confirmTotpAction = sessionAction
  .metadata({ name: 'confirmTotp' })
  .inputSchema(totpCodeSchema)
  .action(async ({ parsedInput, ctx }) => {
    // No revalidation here: the page re-renders only after the recovery codes were seen.
    return auth().twoFactor.confirmTotp(ctx.user, parsedInput.code, ctx.ip);
  });
