'use server';

import { revalidatePath } from 'next/cache';
import { authAction } from '@/lib/safe-action';
import { creationActions } from '@/server/creation';
import { containerIdSchema } from '../schemas';

/** Destroys what a failed creation left on Proxmox and frees its VMID; Kiln keeps the history. */
export const deleteCreationAction = authAction
  .metadata({ name: 'deleteCreation' })
  .inputSchema(containerIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    await creationActions().destroyFailed(ctx.actor, parsedInput.containerId);
    revalidatePath('/containers');
    return { ok: true };
  });
