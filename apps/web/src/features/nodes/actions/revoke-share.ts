'use server';

import { revalidatePath } from 'next/cache';
import { revokeShareSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { nodeShares } from '@/server/nodes';

/** Ends a share: the user loses access with their next request. */
export const revokeShareAction = authAction
  .metadata({ name: 'revokeShare' })
  .inputSchema(revokeShareSchema)
  .action(async ({ parsedInput, ctx }) => {
    await nodeShares().revoke(ctx.actor, parsedInput);
    revalidatePath(`/settings/nodes/${parsedInput.nodeId}`);
    return { ok: true };
  });
