'use server';

import { authAction } from '@/lib/safe-action';
import { creationActions } from '@/server/creation';
import { containerIdSchema } from '../schemas';

/**
 * Delete of a failed creation: queues the operation (the worker destroys the CT if it is this
 * creation's and frees the VMID; Kiln keeps the history). The panel follows it by its id;
 * `operationId` is null when the row was deleted already.
 */
export const deleteCreationAction = authAction
  .metadata({ name: 'deleteCreation' })
  .inputSchema(containerIdSchema)
  .action(async ({ parsedInput, ctx }) => creationActions().discard(ctx.actor, parsedInput.containerId));
