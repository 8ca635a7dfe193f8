'use server';

import { authAction } from '@/lib/safe-action';
import { creationActions } from '@/server/creation';
import { containerIdSchema } from '../schemas';

/** Asks the worker to stop a creation in progress after the step that runs (the panel follows it to the end). */
export const cancelCreationAction = authAction
  .metadata({ name: 'cancelCreation' })
  .inputSchema(containerIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { operationId } = await creationActions().cancel(ctx.actor, parsedInput.containerId);
    return { ok: true, operationId };
  });
