'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { NotFoundError } from '@kiln/core';
import { authAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { confirmPasswordSchema, passkeyNameSchema } from '@/features/auth/schemas';

export const renamePasskeyAction = authAction
  .metadata({ name: 'renamePasskey' })
  .inputSchema(z.object({ id: z.uuid(), name: passkeyNameSchema }))
  .action(async ({ parsedInput, ctx }) => {
    if (!(await auth().twoFactor.renamePasskey(ctx.user, parsedInput.id, parsedInput.name))) throw new NotFoundError('That passkey');
    revalidatePath('/settings/account');
    return { ok: true };
  });

export const deletePasskeyAction = authAction
  .metadata({ name: 'deletePasskey' })
  .inputSchema(confirmPasswordSchema.extend({ id: z.uuid() }))
  .action(async ({ parsedInput, ctx }) => {
    if (!(await auth().removePasskey(ctx.user, parsedInput.id, parsedInput.password, { ip: ctx.ip }))) throw new NotFoundError('That passkey');
    revalidatePath('/settings/account');
    return { ok: true };
  });
