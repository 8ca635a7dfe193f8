'use server';

import { refreshBackupsNow } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { refreshBackupsSchema } from '../schemas';

/** Re-reads a cluster's backups now (through the worker). */
export const refreshBackupsAction = authAction
  .metadata({ name: 'refreshBackups' })
  .inputSchema(refreshBackupsSchema)
  .action(async ({ parsedInput: { nodeId }, ctx }) => {
    await refreshBackupsNow(deps(), ctx.actor.id, nodeId);
    return { refreshed: true };
  });
