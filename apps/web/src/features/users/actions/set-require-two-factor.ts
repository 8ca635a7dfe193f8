'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { REQUIRE_TWO_FACTOR, recordAudit, setFlag } from '@kiln/db';
import { adminAction } from '@/lib/safe-action';
import { getDb } from '@/server/services';

/** "Require 2FA for all users": those without a second factor must enrol right after sign-in. */
export const setRequireTwoFactorAction = adminAction
  .metadata({ name: 'setRequireTwoFactor' })
  .inputSchema(z.object({ required: z.boolean() }))
  .action(async ({ parsedInput, ctx }) => {
    const db = getDb();
    await setFlag(db, REQUIRE_TWO_FACTOR, parsedInput.required);
    await recordAudit(db, { userId: ctx.user.id, actor: ctx.user.username, action: 'auth.require-2fa', outcome: 'success', ip: ctx.ip, detail: { required: parsedInput.required } });
    revalidatePath('/settings/users');
    return { ok: true };
  });
