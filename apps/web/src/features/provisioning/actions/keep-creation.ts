'use server';

import { authAction } from '@/lib/safe-action';
import { creationActions } from '@/server/creation';
import { containerIdSchema } from '../schemas';

/** Keeps a container whose creation failed, as it is. */
export const keepCreationAction = authAction
  .metadata({ name: 'keepCreation' })
  .inputSchema(containerIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    await creationActions().keep(ctx.actor, parsedInput.containerId);
    return { ok: true };
  });
