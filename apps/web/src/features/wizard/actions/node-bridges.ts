'use server';

import { nodeBridges } from '@kiln/services';
import { nodeIdSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';

/** The node's bridges (`GET /nodes/{node}/network`), VLAN-aware ones marked. */
export const nodeBridgesAction = authAction
  .metadata({ name: 'nodeBridges' })
  .inputSchema(nodeIdSchema)
  .action(async ({ parsedInput, ctx }) => nodeBridges(deps().db, ctx.user.id, parsedInput.nodeId));
