'use client';

import { useAction } from 'next-safe-action/hooks';
import { setRequireTwoFactorAction } from '../actions/set-require-two-factor';

export function RequireTwoFactorToggle({ required }: { required: boolean }) {
  const { execute, isPending, result } = useAction(setRequireTwoFactorAction);
  return (
    <div className="flex flex-wrap items-center gap-3 px-4 py-3">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" defaultChecked={required} disabled={isPending} onChange={(e) => execute({ required: e.target.checked })} />
        Require two-factor sign-in for all users
      </label>
      <span className="text-xs text-zinc-500">Everyone without it (you too) is asked to set it up right after signing in and can do nothing else until they do.</span>
      {result.serverError ? (
        <span role="alert" className="field-error">
          {result.serverError.message}
        </span>
      ) : null}
    </div>
  );
}
