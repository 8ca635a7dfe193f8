'use client';

import { useAction } from 'next-safe-action/hooks';
import { logoutEverywhereAction } from '../actions/logout-everywhere';

export function SignOutEverywhereButton() {
  const { execute, isPending } = useAction(logoutEverywhereAction);
  return (
    <button type="button" className="btn-secondary" disabled={isPending} onClick={() => execute()}>
      {isPending ? 'Signing out…' : 'Sign out of all sessions'}
    </button>
  );
}
