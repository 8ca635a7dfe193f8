import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/features/auth/components/login-form';
import { auth } from '@/server/services';
import { currentSession } from '@/server/session';
import { safeNextPath } from '@/lib/next-path';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await auth().needsSetup()) redirect('/setup');
  const sp = await searchParams;
  const next = safeNextPath(sp.next);
  if (await currentSession()) redirect(next ?? '/');
  const notice = sp.signedOut === 'all' ? 'You were signed out of all sessions.' : sp.expired ? 'Your session ended. Sign in again.' : undefined;
  return (
    <>
      <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
      <LoginForm next={next} notice={notice} />
    </>
  );
}
