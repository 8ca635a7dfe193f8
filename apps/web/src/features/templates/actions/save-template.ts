'use server';

import { revalidatePath } from 'next/cache';
import { authAction } from '@/lib/safe-action';
import { templateService } from '../server';
import { saveTemplateSchema } from '../schemas';

/**
 * Creates a template, or saves an edited one: in place, or as a new version when the version
 * changed. Validation errors come back keyed by their path (`steps[2].run`).
 */
export const saveTemplateAction = authAction
  .metadata({ name: 'saveTemplate' })
  .inputSchema(saveTemplateSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { actor } = ctx;
    const svc = templateService();
    const res = parsedInput.templateId ? await svc.update(actor, parsedInput.templateId, parsedInput.document) : await svc.create(actor, parsedInput.document);
    revalidatePath('/templates', 'layout');
    return res;
  });
