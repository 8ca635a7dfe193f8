import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SetupForm } from '@/features/auth/components/setup-form';
import { auth } from '@/server/services';

export const metadata: Metadata = { title: 'Set up Kiln' };

export default async function SetupPage() {
  if (!(await auth().needsSetup())) redirect('/login');
  return (
    <>
      <h1 className="text-lg font-semibold">Welcome to Kiln</h1>
      <p className="mb-4 mt-1 text-sm text-zinc-600 dark:text-zinc-400">Create the administrator account. There is no default password: this account is the only way in.</p>
      <SetupForm />
    </>
  );
}
