'use server';

import { requestBackupJobSave } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { saveBackupJobSchema } from '../schemas';

/** Creates (no id) or changes a PVE backup job of the node's cluster: queues `backup-job.save`. */
export const saveBackupJobAction = authAction
  .metadata({ name: 'saveBackupJob' })
  .inputSchema(saveBackupJobSchema)
  .action(async ({ parsedInput: { nodeId, id, job }, ctx }) => requestBackupJobSave(deps(), ctx.actor, nodeId, id, job));
