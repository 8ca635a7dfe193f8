'use server';

import { redirect } from 'next/navigation';
import { authAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { clearSessionCookie } from '@/server/session';

export const logoutAction = authAction.metadata({ name: 'logout' }).action(async ({ ctx }) => {
  await auth().logout(ctx.sid, ctx.user, ctx.ip);
  await clearSessionCookie();
  redirect('/login');
});
