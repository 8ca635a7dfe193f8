'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { deleteCheckAction } from '../actions/delete-check';
import { pauseCheckAction } from '../actions/pause-check';

/** Pause/resume and delete (confirmed) for one check. */
export function CheckRowActions({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    const r = await pauseCheckAction({ id, enabled: !enabled }).catch(() => undefined);
    setBusy(false);
    if (r?.data) router.refresh();
    else setError(r?.serverError?.message ?? 'The check could not be changed.');
  };
  return (
    <div className="flex flex-wrap items-center justify-end gap-1">
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
      <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={busy} onClick={() => void toggle()}>
        {enabled ? 'Pause' : 'Resume'}
      </button>
      <ConfirmDialog
        trigger={
          <button type="button" className="btn-ghost px-2 py-1 text-xs text-red-700 dark:text-red-400" aria-label={`Delete check ${name}`}>
            Delete
          </button>
        }
        title={`Delete the check “${name}”?`}
        description="Its response-time history goes with it; an alert it raised resolves."
        confirmLabel="Delete check"
        onConfirm={async () => {
          const r = await deleteCheckAction({ id }).catch(() => undefined);
          if (r?.data) {
            router.refresh();
            return undefined;
          }
          return r?.serverError?.message ?? 'The check could not be deleted.';
        }}
      />
    </div>
  );
}
