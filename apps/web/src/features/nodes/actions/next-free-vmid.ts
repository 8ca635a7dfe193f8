'use server';

import { nodeIdSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { vmidService } from '@/server/nodes';

/** "Use next free": asks the cluster, skipping ids Kiln is about to use. */
export const nextFreeVmidAction = authAction
  .metadata({ name: 'nextFreeVmid' })
  .inputSchema(nodeIdSchema)
  .action(async ({ parsedInput, ctx }) => ({ vmid: await vmidService().nextFree(ctx.user.id, parsedInput.nodeId) }));
