'use server';

import { revalidatePath } from 'next/cache';
import { authAction } from '@/lib/safe-action';
import { templateService } from '../server';
import { cloneTemplateSchema } from '../schemas';

/** An editable copy of a built-in or of one's own template. */
export const cloneTemplateAction = authAction
  .metadata({ name: 'cloneTemplate' })
  .inputSchema(cloneTemplateSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { templateId, ...options } = parsedInput;
    const res = await templateService().clone(ctx.actor, templateId, {
      ...options,
      slug: options.slug || undefined,
      name: options.name || undefined,
    });
    revalidatePath('/templates', 'layout');
    return res;
  });
