'use server';

import { authAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { userAgent } from '@/server/request';
import { writeSessionId } from '@/server/session';
import { changePasswordSchema } from '../schemas';

/** Changes the password, ends every other session, and keeps this one signed in with a new id. */
export const changePasswordAction = authAction
  .metadata({ name: 'changePassword' })
  .inputSchema(changePasswordSchema)
  .action(async ({ parsedInput, ctx }) => {
    const sid = await auth().changePassword(ctx.user, parsedInput, { ip: ctx.ip, userAgent: await userAgent() });
    await writeSessionId(sid);
    return { ok: true };
  });
