'use server';

import { requestBackupDelete } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { deleteBackupSchema } from '../schemas';

/** Deletes one archive (the node owner only): queues `backup.delete`. */
export const deleteBackupAction = authAction
  .metadata({ name: 'deleteBackup' })
  .inputSchema(deleteBackupSchema)
  .action(async ({ parsedInput: { nodeId, volid }, ctx }) => requestBackupDelete(deps(), ctx.actor, nodeId, volid));
