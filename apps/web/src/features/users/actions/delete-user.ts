'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { deleteUserById, recordAudit } from '@kiln/db';
import { ValidationError } from '@kiln/core';
import { adminAction } from '@/lib/safe-action';
import { auth, getDb } from '@/server/services';

export const deleteUserAction = adminAction
  .metadata({ name: 'deleteUser' })
  .inputSchema(z.object({ userId: z.uuid('Unknown user.') }))
  .action(async ({ parsedInput, ctx }) => {
    if (parsedInput.userId === ctx.user.id) throw new ValidationError('You cannot delete your own account.');
    const db = getDb();
    await auth().sessions.destroyAllForUser(parsedInput.userId);
    await deleteUserById(db, parsedInput.userId);
    await recordAudit(db, { userId: ctx.user.id, actor: ctx.user.username, action: 'user.delete', outcome: 'success', targetType: 'user', targetId: parsedInput.userId, ip: ctx.ip });
    revalidatePath('/settings/users');
    return { ok: true };
  });
