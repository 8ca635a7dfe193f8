'use server';

import { requestBulkUpdate } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { bulkUpdateSchema } from '../schemas';

/** Updates the selected rows as one bulk operation (a `container.update` per container); returns its id at once. */
export const bulkUpdateAction = authAction
  .metadata({ name: 'bulkUpdate' })
  .inputSchema(bulkUpdateSchema)
  .action(async ({ parsedInput: { targets, options }, ctx }) => requestBulkUpdate(containerDeps(), ctx.actor, targets, options));
