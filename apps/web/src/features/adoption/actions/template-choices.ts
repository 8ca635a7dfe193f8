'use server';

import { adoptTemplateChoices } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';

/** The template versions the user may link an adopted container to, loaded when the Adopt dialog opens. */
export const adoptTemplateChoicesAction = authAction.metadata({ name: 'adoptTemplateChoices' }).action(async ({ ctx }) => ({ choices: await adoptTemplateChoices(containerDeps().db, ctx.user.id) }));
