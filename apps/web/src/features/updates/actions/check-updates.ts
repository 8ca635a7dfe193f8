'use server';

import { requestUpdateCheck } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { updateCheckSchema } from '../schemas';

/** Queues an update check (operators: it runs commands as root in the container); the worker runs it. */
export const checkUpdatesAction = authAction
  .metadata({ name: 'checkUpdates' })
  .inputSchema(updateCheckSchema)
  .action(async ({ parsedInput, ctx }) => requestUpdateCheck(deps(), ctx.user.id, parsedInput));
