'use server';

import { requestAdopt } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { adoptSchema } from '../schemas';

/** Adopts a discovered container (the worker's `container.adopt`): queued as an operation, returns its id at once. */
export const adoptAction = authAction
  .metadata({ name: 'adoptContainer' })
  .inputSchema(adoptSchema)
  .action(async ({ parsedInput: { nodeId, vmid, templateId }, ctx }) => requestAdopt(containerDeps(), ctx.actor, { nodeId, vmid }, { templateId }));
