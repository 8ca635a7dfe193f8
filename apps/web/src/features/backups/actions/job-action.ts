'use server';

import { requestBackupJobAction } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { backupJobActionSchema } from '../schemas';

/** Deletes a backup job or runs it now: queues `backup-job.delete` / `backup-job.run`. */
export const backupJobAction = authAction
  .metadata({ name: 'backupJob' })
  .inputSchema(backupJobActionSchema)
  .action(async ({ parsedInput: { nodeId, id, op }, ctx }) => requestBackupJobAction(deps(), ctx.actor, op === 'delete' ? 'backup-job.delete' : 'backup-job.run', nodeId, id));
