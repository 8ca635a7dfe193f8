'use server';

import { revalidatePath } from 'next/cache';
import { pauseServiceCheckSchema, setCheckEnabled } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/deps';

/** Pauses (resolving its open alert) or resumes a service check. */
export const pauseCheckAction = authAction
  .metadata({ name: 'pauseServiceCheck' })
  .inputSchema(pauseServiceCheckSchema)
  .action(async ({ parsedInput, ctx }) => {
    await setCheckEnabled(deps().db, ctx.user.id, parsedInput);
    revalidatePath('/containers', 'layout');
    return { ok: true };
  });
