'use server';

import { requestBackupRestore } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps, vmidService } from '@/server/services';
import { restoreBackupSchema } from '../schemas';

/** Restores an archive over its (stopped) container or into a new VMID: queues `backup.restore`. */
export const restoreBackupAction = authAction
  .metadata({ name: 'restoreBackup' })
  .inputSchema(restoreBackupSchema)
  .action(async ({ parsedInput: { cores, memory, swap, rootfsGiB, ...input }, ctx }) =>
    requestBackupRestore({ ...deps(), vmids: vmidService() }, ctx.actor, { ...input, resources: { cores, memory, swap, rootfsGiB } }),
  );
