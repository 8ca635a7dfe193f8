'use server';

import { revalidatePath } from 'next/cache';
import { updateCheck, updateServiceCheckSchema } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/deps';

/** Edits a service check; it runs again at once with its failures counted afresh. */
export const updateCheckAction = authAction
  .metadata({ name: 'updateServiceCheck' })
  .inputSchema(updateServiceCheckSchema)
  .action(async ({ parsedInput, ctx }) => {
    await updateCheck(deps().db, ctx.user.id, parsedInput);
    revalidatePath('/containers', 'layout');
    return { ok: true };
  });
