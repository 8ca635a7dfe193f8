'use server';

import { requestBackupCreate } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { backupNowSchema } from '../schemas';

/** "Back up now" for one container or VM: queues `backup.create` and returns its operation id. */
export const backupNowAction = authAction
  .metadata({ name: 'backupNow' })
  .inputSchema(backupNowSchema)
  .action(async ({ parsedInput: { nodeId, vmid, guest, ...params }, ctx }) => requestBackupCreate(deps(), ctx.actor, { nodeId, vmid }, params, guest));
