'use client';

import { useAction } from 'next-safe-action/hooks';
import { logoutAction } from '@/features/auth/actions/logout';

export function SignOutButton() {
  const { execute, isPending } = useAction(logoutAction);
  return (
    <button type="button" className="btn-ghost" disabled={isPending} onClick={() => execute({})}>
      Sign out
    </button>
  );
}
