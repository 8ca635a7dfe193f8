'use server';

import { requestOperation } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '../server';
import { deleteSchema } from '../schemas';

/** Destroys the container with purge (frees its VMID; Kiln's row keeps its history as `deleted`): queued, returns its id. */
export const deleteContainerAction = authAction
  .metadata({ name: 'deleteContainer' })
  .inputSchema(deleteSchema)
  .action(async ({ parsedInput: { nodeId, vmid, force }, ctx }) => requestOperation(containerDeps(), ctx.actor, 'container.delete', { nodeId, vmid }, { force }));
