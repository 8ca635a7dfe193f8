'use server';

import { redirect } from 'next/navigation';
import { sessionAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { clearSessionCookie } from '@/server/session';

export const logoutAction = sessionAction.metadata({ name: 'logout' }).action(async ({ ctx }) => {
  await auth().logout(ctx.sid, ctx.user, ctx.ip);
  await clearSessionCookie();
  redirect('/login');
});
