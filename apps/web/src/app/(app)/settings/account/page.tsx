import type { Metadata } from 'next';
import { sessionIdHash } from '@kiln/auth';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { SessionList } from '@/features/auth/components/session-list';
import { SignOutEverywhereButton } from '@/features/auth/components/sign-out-everywhere';
import { TwoFactorCard } from '@/features/two-factor/components/two-factor-card';
import { twoFactorOverview } from '@/features/two-factor/queries';
import { auth } from '@/server/services';
import { currentUser, requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requireUser();
  const cur = await currentUser();
  const [sessions, twoFactor] = await Promise.all([auth().sessions.list(user.id), twoFactorOverview(user.id)]);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section className="card p-5">
        <h2 className="mb-4 font-semibold">Password</h2>
        <ChangePasswordForm />
      </section>
      <section className="card p-5">
        <h2 className="font-semibold">Sessions</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          You are signed in on {sessions.length} {sessions.length === 1 ? 'device or browser' : 'devices or browsers'} (at most 10; a new sign-in ends the oldest). Sessions end after 2 hours without
          activity and after 12 hours at most.
        </p>
        <SessionList sessions={sessions} currentHash={cur ? sessionIdHash(cur.sid) : ''} />
        <div className="mt-4">
          <SignOutEverywhereButton />
        </div>
      </section>
      <TwoFactorCard status={twoFactor.status} passkeys={twoFactor.passkeys} />
    </div>
  );
}
