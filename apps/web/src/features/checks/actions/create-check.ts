'use server';

import { revalidatePath } from 'next/cache';
import { createCheck, createServiceCheckSchema } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/deps';

/** Adds a service check to a Kiln container (operator access to its node). */
export const createCheckAction = authAction
  .metadata({ name: 'createServiceCheck' })
  .inputSchema(createServiceCheckSchema)
  .action(async ({ parsedInput, ctx }) => {
    const r = await createCheck(deps().db, ctx.user.id, parsedInput);
    revalidatePath(`/containers/${parsedInput.nodeId}/${parsedInput.vmid}`);
    return r;
  });
