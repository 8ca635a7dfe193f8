import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { SignOutEverywhereButton } from '@/features/auth/components/sign-out-everywhere';
import { auth } from '@/server/services';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requireUser();
  const sessions = await auth().sessions.countForUser(user.id);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section className="card p-5">
        <h2 className="mb-4 font-semibold">Password</h2>
        <ChangePasswordForm />
      </section>
      <section className="card p-5">
        <h2 className="font-semibold">Sessions</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          You are signed in on {sessions} {sessions === 1 ? 'device or browser' : 'devices or browsers'}. Sessions end after 2 hours
          without activity and after 12 hours at most.
        </p>
        <div className="mt-4">
          <SignOutEverywhereButton />
        </div>
      </section>
    </div>
  );
}
