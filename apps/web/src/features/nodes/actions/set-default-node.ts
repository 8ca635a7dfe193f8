'use server';

import { revalidatePath } from 'next/cache';
import { nodeIdSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { nodeService } from '@/server/nodes';

export const setDefaultNodeAction = authAction
  .metadata({ name: 'setDefaultNode' })
  .inputSchema(nodeIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    await nodeService().makeDefault(ctx.actor, parsedInput.nodeId);
    revalidatePath('/settings/nodes');
    return { ok: true };
  });
