'use server';

import { revalidatePath } from 'next/cache';
import { deleteCheck, serviceCheckIdSchema } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/deps';

/** Deletes a service check with its history; its open alert resolves. */
export const deleteCheckAction = authAction
  .metadata({ name: 'deleteServiceCheck' })
  .inputSchema(serviceCheckIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    await deleteCheck(deps().db, ctx.user.id, parsedInput);
    revalidatePath('/containers', 'layout');
    return { ok: true };
  });
