'use server';

import { revalidatePath } from 'next/cache';
import { nodeShareInputSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { nodeShares } from '@/server/nodes';

/** The owner shares the node with a user as operator or viewer (again: changes the role). */
export const shareNodeAction = authAction
  .metadata({ name: 'shareNode' })
  .inputSchema(nodeShareInputSchema)
  .action(async ({ parsedInput, ctx }) => {
    await nodeShares().share(ctx.actor, parsedInput);
    revalidatePath(`/settings/nodes/${parsedInput.nodeId}`);
    return { ok: true };
  });
