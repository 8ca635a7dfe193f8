'use server';

import { revalidatePath } from 'next/cache';
import { deleteUpdateSchedule, runUpdateScheduleNow, saveUpdateSchedule } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';
import { saveScheduleSchema, scheduleIdSchema } from '../schemas';

/** Creates or changes one of the user's update schedules (the node must be one they may update on). */
export const saveScheduleAction = authAction
  .metadata({ name: 'saveUpdateSchedule' })
  .inputSchema(saveScheduleSchema)
  .action(async ({ parsedInput: { id, schedule }, ctx }) => {
    const r = await saveUpdateSchedule(containerDeps(), ctx.actor, id, schedule);
    revalidatePath('/settings/updates');
    return r;
  });

export const deleteScheduleAction = authAction
  .metadata({ name: 'deleteUpdateSchedule' })
  .inputSchema(scheduleIdSchema)
  .action(async ({ parsedInput: { id }, ctx }) => {
    await deleteUpdateSchedule(containerDeps(), ctx.actor, id);
    revalidatePath('/settings/updates');
    return { deleted: true };
  });

/** Runs a schedule now (outside its window): the same run, with what has pending updates now. */
export const runScheduleNowAction = authAction
  .metadata({ name: 'runUpdateScheduleNow' })
  .inputSchema(scheduleIdSchema)
  .action(async ({ parsedInput: { id }, ctx }) => {
    const r = await runUpdateScheduleNow(containerDeps(), ctx.actor, id);
    revalidatePath('/settings/updates');
    return r;
  });
