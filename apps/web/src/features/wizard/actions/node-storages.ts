'use server';

import { nodeStorages } from '@kiln/services';
import { nodeIdSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';

/** Storages of the node that can hold container disks, with their free space. */
export const nodeStoragesAction = authAction
  .metadata({ name: 'nodeStorages' })
  .inputSchema(nodeIdSchema)
  .action(async ({ parsedInput, ctx }) => nodeStorages(deps().db, ctx.user.id, parsedInput.nodeId));
