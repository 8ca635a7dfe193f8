'use server';

import { authAction } from '@/lib/safe-action';
import { creationActions } from '@/server/creation';
import { containerIdSchema } from '../schemas';

/** Resumes a failed creation at the failed step, as a new operation the panel follows. */
export const retryCreationAction = authAction
  .metadata({ name: 'retryCreation' })
  .inputSchema(containerIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { operationId } = await creationActions().retry(ctx.actor, parsedInput.containerId);
    return { ok: true, operationId };
  });
