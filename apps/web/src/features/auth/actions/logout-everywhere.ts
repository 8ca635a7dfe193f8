'use server';

import { redirect } from 'next/navigation';
import { sessionAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { clearSessionCookie } from '@/server/session';

/** "Sign out of all sessions": ends this and every other session of the user. */
export const logoutEverywhereAction = sessionAction.metadata({ name: 'logoutEverywhere' }).action(async ({ ctx }) => {
  await auth().logoutEverywhere(ctx.user, ctx.ip);
  await clearSessionCookie();
  redirect('/login?signedOut=all');
});
