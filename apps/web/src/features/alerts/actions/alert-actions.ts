'use server';

import { revalidatePath } from 'next/cache';
import { acknowledgeAlert, acknowledgeSchema, snoozeAlert, snoozeSchema } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/deps';

/** Firing -> acknowledged, with an optional note; only the alert's owner can. */
export const acknowledgeAlertAction = authAction
  .metadata({ name: 'acknowledgeAlert' })
  .inputSchema(acknowledgeSchema)
  .action(async ({ parsedInput, ctx }) => {
    await acknowledgeAlert(deps().db, ctx.user.id, parsedInput);
    revalidatePath('/alerts');
    return { ok: true };
  });

/** No notifications about this alert for a while. */
export const snoozeAlertAction = authAction
  .metadata({ name: 'snoozeAlert' })
  .inputSchema(snoozeSchema)
  .action(async ({ parsedInput, ctx }) => {
    const until = await snoozeAlert(deps().db, ctx.user.id, parsedInput);
    revalidatePath('/alerts');
    return { ok: true, until: until.toISOString() };
  });
