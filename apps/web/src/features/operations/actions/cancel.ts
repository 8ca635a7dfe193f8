'use server';

import { z } from 'zod';
import { cancelOperation } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';

/** Cancels what has not started yet (a queued operation, the queued containers of a bulk one). */
export const cancelOperationAction = authAction
  .metadata({ name: 'cancelOperation' })
  .inputSchema(z.object({ operationId: z.uuid() }))
  .action(async ({ parsedInput: { operationId }, ctx }) => cancelOperation(deps(), ctx.actor, operationId));
