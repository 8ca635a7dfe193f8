'use server';

import { nodeIdSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { vmidService } from '@/server/nodes';

/** Called when the wizard opens: reloads the cluster's used VMIDs into the cache. */
export const refreshVmidsAction = authAction
  .metadata({ name: 'refreshVmids' })
  .inputSchema(nodeIdSchema)
  .action(async ({ parsedInput, ctx }) => ({ used: await vmidService().refresh(ctx.user.id, parsedInput.nodeId) }));
