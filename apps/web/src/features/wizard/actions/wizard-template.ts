'use server';

import { wizardTemplate } from '@kiln/services';
import { templateIdSchema } from '@/features/templates/schemas';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';

/** The chosen template's defaults and params for the wizard's form (one template, when it is picked). */
export const wizardTemplateAction = authAction
  .metadata({ name: 'wizardTemplate' })
  .inputSchema(templateIdSchema)
  .action(async ({ parsedInput, ctx }) => wizardTemplate(deps().db, ctx.user.id, parsedInput.templateId));
