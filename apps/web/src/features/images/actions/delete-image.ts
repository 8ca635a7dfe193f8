'use server';

import { requestImageDelete } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { deleteImageSchema } from '../schemas';

/** Deletes an unused image (the node owner only): queues `image.delete`. */
export const deleteImageAction = authAction
  .metadata({ name: 'deleteImage' })
  .inputSchema(deleteImageSchema)
  .action(async ({ parsedInput: { nodeId, storage, volid }, ctx }) => requestImageDelete(deps(), ctx.actor, nodeId, { storage, volid }));
