'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { deleteIpPool } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/deps';

/** Deletes one of the user's pools (refused while Kiln containers hold its addresses). */
export const deleteIpPoolAction = authAction
  .metadata({ name: 'deleteIpPool' })
  .inputSchema(z.object({ id: z.uuid('Unknown pool.') }))
  .action(async ({ parsedInput, ctx }) => {
    await deleteIpPool(deps().db, ctx.actor, parsedInput.id);
    revalidatePath('/settings/ip-pools');
    return { ok: true };
  });
