'use client';

import { useAction } from 'next-safe-action/hooks';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { endSessionAction } from '../actions/end-session';

export function EndSessionButton({ idHash, device }: { idHash: string; device: string }) {
  const { executeAsync } = useAction(endSessionAction);
  return (
    <ConfirmDialog
      trigger={
        <button type="button" className="btn-ghost text-red-700 dark:text-red-400">
          End session
        </button>
      }
      title={`End the session on ${device}?`}
      description="That browser is signed out at once. Your other sessions stay signed in."
      confirmLabel="End session"
      onConfirm={async () => {
        const res = await executeAsync({ idHash });
        return res?.serverError?.message;
      }}
    />
  );
}
