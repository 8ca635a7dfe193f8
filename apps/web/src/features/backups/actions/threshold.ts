'use server';

import { setBackupMaxAge } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { backupThresholdSchema } from '../schemas';

/** The user's own "last good backup older than N days" warning threshold. */
export const backupThresholdAction = authAction
  .metadata({ name: 'backupThreshold' })
  .inputSchema(backupThresholdSchema)
  .action(async ({ parsedInput: { days }, ctx }) => {
    await setBackupMaxAge(deps(), ctx.actor.id, days);
    return { days };
  });
