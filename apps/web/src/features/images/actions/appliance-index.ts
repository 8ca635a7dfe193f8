'use server';

import { nodeApplianceIndex } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { nodeOnlySchema } from '../schemas';

/** The node's appliance index (`aplinfo`), read when the Download dialog opens. */
export const applianceIndexAction = authAction
  .metadata({ name: 'applianceIndex' })
  .inputSchema(nodeOnlySchema)
  .action(async ({ parsedInput: { nodeId }, ctx }) => nodeApplianceIndex(deps().db, ctx.actor.id, nodeId));
