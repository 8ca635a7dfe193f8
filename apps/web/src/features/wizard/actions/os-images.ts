'use server';

import { z } from 'zod';
import { wizardOsImages } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';

/** The node's OS images the chosen template accepts, newest (the default) first. */
export const wizardOsImagesAction = authAction
  .metadata({ name: 'wizardOsImages' })
  .inputSchema(z.object({ nodeId: z.uuid('Unknown node.'), templateId: z.uuid('Unknown template.') }))
  .action(async ({ parsedInput, ctx }) => wizardOsImages(deps().db, ctx.user.id, parsedInput.nodeId, parsedInput.templateId));
