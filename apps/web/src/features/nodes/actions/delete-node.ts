'use server';

import { revalidatePath } from 'next/cache';
import { nodeIdSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { nodeService } from '@/server/nodes';

export const deleteNodeAction = authAction
  .metadata({ name: 'deleteNode' })
  .inputSchema(nodeIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    await nodeService().remove(ctx.actor, parsedInput.nodeId);
    revalidatePath('/settings/nodes');
    revalidatePath('/', 'layout');
    return { ok: true };
  });
