'use server';

import { revalidatePath } from 'next/cache';
import { authAction } from '@/lib/safe-action';
import { templateService } from '../server';
import { templateIdSchema } from '../schemas';

/** Deletes one of the user's templates; containers made from it keep their provenance. */
export const deleteTemplateAction = authAction
  .metadata({ name: 'deleteTemplate' })
  .inputSchema(templateIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    const res = await templateService().remove(ctx.actor, parsedInput.templateId);
    revalidatePath('/templates', 'layout');
    return res;
  });
