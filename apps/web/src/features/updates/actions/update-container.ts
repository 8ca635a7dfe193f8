'use server';

import { requestContainerUpdate } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { updateContainerSchema } from '../schemas';

/** Updates a container safely (the worker's `container.update`): queued as an operation, returns its id at once. */
export const updateContainerAction = authAction
  .metadata({ name: 'updateContainer' })
  .inputSchema(updateContainerSchema)
  .action(async ({ parsedInput: { nodeId, vmid, update }, ctx }) => requestContainerUpdate(containerDeps(), ctx.actor, { nodeId, vmid }, update));
