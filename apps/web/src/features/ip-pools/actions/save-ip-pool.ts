'use server';

import { revalidatePath } from 'next/cache';
import { ipPoolFormSchema, saveIpPool } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/deps';

/** Add or edit one of the user's IP pools; errors come back per field (gateway outside the subnet, overlaps...). */
export const saveIpPoolAction = authAction
  .metadata({ name: 'saveIpPool' })
  .inputSchema(ipPoolFormSchema)
  .action(async ({ parsedInput, ctx }) => {
    const r = await saveIpPool(deps().db, ctx.actor, parsedInput);
    revalidatePath('/settings/ip-pools');
    return r;
  });
