'use server';

import { revalidatePath } from 'next/cache';
import { authAction } from '@/lib/safe-action';
import { templateService } from '../server';
import { importTemplateSchema } from '../schemas';

/** Template text becomes the user's; invalid text returns every problem with its path and line. */
export const importTemplateAction = authAction
  .metadata({ name: 'importTemplate' })
  .inputSchema(importTemplateSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { text, format, slug, version } = parsedInput;
    const res = await templateService().importText(ctx.actor, text, {
      format: format === 'auto' ? undefined : format,
      slug: slug || undefined,
      version: version || undefined,
    });
    if (res.ok) revalidatePath('/templates', 'layout');
    return res;
  });
