'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { catalogueSourceInputSchema } from '@kiln/services/schemas';
import { adminAction } from '@/lib/safe-action';
import { catalogueSources } from '@/server/services';

/** Adds a source (no id) or saves one (pin, ref, schedule, enabled). */
export const saveCatalogueSourceAction = adminAction
  .metadata({ name: 'saveCatalogueSource' })
  .inputSchema(catalogueSourceInputSchema.extend({ id: z.uuid().optional() }))
  .action(async ({ parsedInput: { id, ...input }, ctx }) => {
    const saved = id ? (await catalogueSources().update(ctx.actor, id, input), { id }) : await catalogueSources().create(ctx.actor, input);
    revalidatePath('/settings/catalogue');
    return saved;
  });
