'use server';

import { z } from 'zod';
import { BULK_MAX_TARGETS, requestBulkAdopt } from '@kiln/services';
import { adoptTemplateSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerDeps } from '@/features/container-detail/server';

/** Adopts the selected rows: one bulk operation (a `container.adopt` child per container, the same template for all), queued; returns its id. */
export const bulkAdoptAction = authAction
  .metadata({ name: 'bulkAdopt' })
  .inputSchema(z.object({ targets: z.array(containerRefSchema).min(1).max(BULK_MAX_TARGETS), templateId: adoptTemplateSchema }))
  .action(async ({ parsedInput: { targets, templateId }, ctx }) => requestBulkAdopt(containerDeps(), ctx.actor, targets, { templateId }));
