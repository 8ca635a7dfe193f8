'use server';

import { revalidatePath } from 'next/cache';
import { authAction } from '@/lib/safe-action';
import { nodeService } from '@/server/nodes';
import { saveNodeInputSchema } from '../schemas';

/** Tests the connection check by check, and saves the node when the API checks pass. */
export const saveNodeAction = authAction
  .metadata({ name: 'saveNode' })
  .inputSchema(saveNodeInputSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { nodeId, useDemoSecrets, ...form } = parsedInput;
    const res = await nodeService().save(ctx.actor, form, nodeId, { useDemoSecrets });
    if (res.saved) {
      revalidatePath('/settings/nodes');
      revalidatePath('/', 'layout');
    }
    // The node row is the public projection; the report holds no secrets.
    return { saved: res.saved, nodeId: res.node?.id, report: res.report, publicKey: res.publicKey };
  });
