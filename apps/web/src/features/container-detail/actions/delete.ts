'use server';

import { revalidatePath } from 'next/cache';
import { authAction } from '@/lib/safe-action';
import { containerActions } from '../server';
import { deleteSchema } from '../schemas';

/** Destroys the container with purge; frees its VMID; Kiln's row keeps its history as `deleted`. */
export const deleteContainerAction = authAction
  .metadata({ name: 'deleteContainer' })
  .inputSchema(deleteSchema)
  .action(async ({ parsedInput: { nodeId, vmid, force, progressId }, ctx }) => {
    const outcome = await containerActions().run({ id: ctx.user.id, username: ctx.user.username, ip: ctx.ip }, { nodeId, vmid }, 'delete', { force, progressId });
    if (outcome.ok) revalidatePath('/containers');
    return outcome;
  });
