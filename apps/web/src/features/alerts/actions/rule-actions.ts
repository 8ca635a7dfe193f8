'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { addMaintenanceWindow, deleteMaintenanceWindow, deleteRule, maintenanceSchema, ruleInputSchema, saveRule } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/deps';

export const saveRuleAction = authAction
  .metadata({ name: 'saveAlertRule' })
  .inputSchema(ruleInputSchema)
  .action(async ({ parsedInput, ctx }) => {
    const r = await saveRule(deps().db, ctx.user.id, parsedInput);
    revalidatePath('/settings/notifications');
    return r;
  });

/** Removes one of the user's rules (an override for a node, tag or container, or their rule for everything). */
export const deleteRuleAction = authAction
  .metadata({ name: 'deleteAlertRule' })
  .inputSchema(z.object({ id: z.uuid() }))
  .action(async ({ parsedInput, ctx }) => {
    await deleteRule(deps().db, ctx.user.id, parsedInput.id);
    revalidatePath('/settings/notifications');
    return { ok: true };
  });

export const addMaintenanceAction = authAction
  .metadata({ name: 'addMaintenanceWindow' })
  .inputSchema(maintenanceSchema)
  .action(async ({ parsedInput, ctx }) => {
    const r = await addMaintenanceWindow(deps().db, ctx.user.id, parsedInput);
    revalidatePath('/settings/notifications');
    return r;
  });

export const deleteMaintenanceAction = authAction
  .metadata({ name: 'deleteMaintenanceWindow' })
  .inputSchema(z.object({ id: z.uuid() }))
  .action(async ({ parsedInput, ctx }) => {
    await deleteMaintenanceWindow(deps().db, ctx.user.id, parsedInput.id);
    revalidatePath('/settings/notifications');
    return { ok: true };
  });
