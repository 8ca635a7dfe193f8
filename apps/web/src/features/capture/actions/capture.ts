'use server';

import { requestCapture } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { containerRefSchema } from '@/features/container-detail/schemas';

/** Captures a container as a template draft (the worker's `container.capture`): queued as an operation, returns its id at once. */
export const captureAction = authAction
  .metadata({ name: 'captureContainer' })
  .inputSchema(containerRefSchema)
  .action(async ({ parsedInput: { nodeId, vmid }, ctx }) => requestCapture(containerDeps(), ctx.actor, { nodeId, vmid }));
