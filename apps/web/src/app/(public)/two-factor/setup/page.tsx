import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/features/two-factor/components/sign-out-button';
import { EnrolChoices } from '@/features/two-factor/components/enrol-choices';
import { currentSession } from '@/server/session';

export const metadata: Metadata = { title: 'Set up two-factor sign-in' };

/** Where "require 2FA for all users" sends anyone without a second factor; nothing else opens until done. */
export default async function EnrolPage() {
  const cur = await currentSession();
  if (!cur) redirect('/login');
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Set up two-factor sign-in</h1>
      {cur.mustEnrol ? (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Your administrator requires a second step at sign-in. Set up an authenticator app or a passkey to continue.</p>
          <EnrolChoices />
        </>
      ) : (
        <p className="text-sm">
          Two-factor sign-in is set up.{' '}
          <Link href="/" className="underline">
            Continue to Kiln
          </Link>
        </p>
      )}
      <SignOutButton />
    </div>
  );
}
