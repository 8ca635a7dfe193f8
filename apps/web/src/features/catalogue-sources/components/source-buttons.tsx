'use client';

import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useAction } from 'next-safe-action/hooks';
import { DeleteButton } from '@/components/ui/delete-button';
import { InlineError } from '@/components/ui/inline-error';
import { firstActionError } from '@/lib/action-errors';
import { deleteCatalogueSourceAction, syncCatalogueSourceAction } from '../actions/source-actions';

/** Queues a sync, then refreshes the page until the worker has written a new result (at most 2 minutes). */
export function SyncNowButton({ id, lastSyncAt, disabled }: { id: string; lastSyncAt: string | null; disabled: boolean }) {
  const router = useRouter();
  const { executeAsync, isPending } = useAction(syncCatalogueSourceAction);
  const [waitingSince, setWaitingSince] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string>();
  const waiting = waitingSince !== undefined && waitingSince === lastSyncAt;

  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => router.refresh(), 2000);
    const stop = setTimeout(() => setWaitingSince(undefined), 120_000);
    return () => {
      clearInterval(timer);
      clearTimeout(stop);
    };
  }, [waiting, router]);

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className="btn-secondary"
        disabled={disabled || isPending || waiting}
        onClick={async () => {
          setError(undefined);
          const res = await executeAsync({ id });
          const problem = firstActionError(res);
          if (problem) setError(problem);
          else setWaitingSince(lastSyncAt);
        }}
      >
        {waiting || isPending ? 'Syncing…' : 'Sync now'}
      </button>
      <InlineError message={error} />
    </span>
  );
}

export function DeleteSourceButton({ id, name, templates }: { id: string; name: string; templates: number }) {
  const { executeAsync } = useAction(deleteCatalogueSourceAction);
  return (
    <DeleteButton
      title={`Delete ${name}?`}
      description={`Its ${templates} template version${templates === 1 ? '' : 's'} leave the catalogue. Containers made from them keep running and keep their provenance.`}
      confirmLabel="Delete source"
      onConfirm={async () => firstActionError(await executeAsync({ id }))}
    />
  );
}
