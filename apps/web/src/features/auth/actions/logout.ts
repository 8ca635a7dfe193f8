'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { loginHref } from '@/lib/next-path';
import { sessionAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { clearSessionCookie } from '@/server/session';

/** Signs out; `next` (the page the user was on) comes back after the next sign-in. */
export const logoutAction = sessionAction
  .metadata({ name: 'logout' })
  .inputSchema(z.object({ next: z.string().max(2000).optional() }).default({}))
  .action(async ({ ctx, parsedInput }) => {
    await auth().logout(ctx.sid, ctx.user, ctx.ip);
    await clearSessionCookie();
    redirect(loginHref(parsedInput.next));
  });
