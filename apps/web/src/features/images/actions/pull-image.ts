'use server';

import { requestImagePull } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { pullImageSchema } from '../schemas';

/** "Pull OCI image" (operators, PVE 9.1+): queues `image.pull`. */
export const pullImageAction = authAction
  .metadata({ name: 'pullImage' })
  .inputSchema(pullImageSchema)
  .action(async ({ parsedInput: { nodeId, storage, reference }, ctx }) => requestImagePull(deps(), ctx.actor, nodeId, { storage, reference }));
