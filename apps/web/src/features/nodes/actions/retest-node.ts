'use server';

import { revalidatePath } from 'next/cache';
import { nodeIdSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { nodeService } from '@/server/nodes';

export const retestNodeAction = authAction
  .metadata({ name: 'retestNode' })
  .inputSchema(nodeIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    const res = await nodeService().retest(ctx.actor, parsedInput.nodeId);
    revalidatePath('/settings/nodes');
    return { saved: res.saved, report: res.report };
  });
