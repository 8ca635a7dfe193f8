'use server';

import { createContainerSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { creationService } from '@/server/creation';

/** The review step: what Kiln will do, secrets masked. Nothing is written. */
export const previewCreationAction = authAction
  .metadata({ name: 'previewCreation' })
  .inputSchema(createContainerSchema)
  .action(async ({ parsedInput, ctx }) => creationService().preview(ctx.actor, parsedInput));
