'use server';

import { revalidatePath } from 'next/cache';
import { adminAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { createUserSchema } from '@/features/auth/schemas';

export const createUserAction = adminAction
  .metadata({ name: 'createUser' })
  .inputSchema(createUserSchema)
  .action(async ({ parsedInput, ctx }) => {
    const user = await auth().addUser(ctx.user, parsedInput);
    revalidatePath('/settings/users');
    return { id: user.id, username: user.username };
  });
