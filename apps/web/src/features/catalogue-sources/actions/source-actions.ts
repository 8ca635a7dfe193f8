'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/safe-action';
import { catalogueSources } from '@/server/services';

const byId = z.object({ id: z.uuid('Unknown source.') });

/** "Sync now": the worker fetches and syncs; the page shows the result when it is there. */
export const syncCatalogueSourceAction = adminAction
  .metadata({ name: 'syncCatalogueSource' })
  .inputSchema(byId)
  .action(async ({ parsedInput, ctx }) => {
    await catalogueSources().requestSync(ctx.actor, parsedInput.id);
    return { ok: true };
  });

export const deleteCatalogueSourceAction = adminAction
  .metadata({ name: 'deleteCatalogueSource' })
  .inputSchema(byId)
  .action(async ({ parsedInput, ctx }) => {
    await catalogueSources().remove(ctx.actor, parsedInput.id);
    revalidatePath('/settings/catalogue');
    revalidatePath('/templates');
    return { ok: true };
  });
