'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormAlert } from '@/components/form-field';
import { checkUpdatesAction } from '../actions/check-updates';

/** Queues an update check of every running container of one node; the counts follow on the next refresh. */
export function CheckNodeUpdatesButton({ nodeId, pveNode }: { nodeId: string; pveNode: string }) {
  const router = useRouter();
  const [state, setState] = useState<'idle' | 'sending' | 'queued'>('idle');
  const [error, setError] = useState<string>();
  async function check() {
    setState('sending');
    setError(undefined);
    const r = await checkUpdatesAction({ nodeId }).catch(() => undefined);
    if (!r?.data) {
      setState('idle');
      setError(r?.serverError?.message ?? 'The check could not be queued.');
      return;
    }
    setState('queued');
    setTimeout(() => router.refresh(), 5000);
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        className="text-xs text-kiln-700 hover:underline disabled:opacity-60 dark:text-kiln-400"
        onClick={() => void check()}
        disabled={state !== 'idle'}
        aria-label={`Check ${pveNode} for updates`}
      >
        {state === 'sending' ? 'Queuing…' : state === 'queued' ? 'Checking…' : 'Check now'}
      </button>
      <FormAlert message={error} />
    </span>
  );
}
