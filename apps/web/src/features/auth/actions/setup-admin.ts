'use server';

import { redirect } from 'next/navigation';
import { publicAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { userAgent } from '@/server/request';
import { writeSessionId } from '@/server/session';
import { setupSchema } from '../schemas';

/** First run: creates the admin account (only while no user exists) and signs it in. */
export const setupAdminAction = publicAction
  .metadata({ name: 'setupAdmin' })
  .inputSchema(setupSchema)
  .action(async ({ parsedInput, ctx }) => {
    await auth().setupAdmin(parsedInput, ctx.ip);
    const res = await auth().login({ username: parsedInput.username, password: parsedInput.password, ip: ctx.ip, userAgent: await userAgent() });
    if (res.ok) await writeSessionId(res.sid);
    redirect('/');
  });
