'use server';

import { revalidatePath } from 'next/cache';
import { createContainerSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { creationService } from '@/server/creation';

/**
 * Validates, confirms the VMID with PVE, writes the row and its first event, and enqueues the
 * job (which carries the row id only). The same requestId twice returns the same creation.
 * Generated secrets come back this once, to be shown to the user; they are stored encrypted.
 */
export const createContainerAction = authAction
  .metadata({ name: 'createContainer' })
  .inputSchema(createContainerSchema)
  .action(async ({ parsedInput, ctx }) => {
    const res = await creationService().create(ctx.actor, parsedInput);
    revalidatePath('/containers');
    return res;
  });
