'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { channelInputSchema, deleteChannel, saveChannel, sendTestNotification } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/deps';

const byId = z.object({ id: z.uuid('Unknown channel.') });

/** Add or edit a channel; its secrets are sealed at once and never come back to the browser. */
export const saveChannelAction = authAction
  .metadata({ name: 'saveChannel' })
  .inputSchema(channelInputSchema)
  .action(async ({ parsedInput, ctx }) => {
    const r = await saveChannel(deps().db, ctx.user.id, parsedInput);
    revalidatePath('/settings/notifications');
    return r;
  });

/** "Send test": the worker sends it like any notification; the channel shows the outcome. */
export const testChannelAction = authAction
  .metadata({ name: 'testChannel' })
  .inputSchema(byId)
  .action(async ({ parsedInput, ctx }) => sendTestNotification(deps().db, ctx.user.id, parsedInput.id));

export const deleteChannelAction = authAction
  .metadata({ name: 'deleteChannel' })
  .inputSchema(byId)
  .action(async ({ parsedInput, ctx }) => {
    await deleteChannel(deps().db, ctx.user.id, parsedInput.id);
    revalidatePath('/settings/notifications');
    return { ok: true };
  });
