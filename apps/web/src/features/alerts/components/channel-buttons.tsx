'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useAction } from 'next-safe-action/hooks';
import { DeleteButton } from '@/components/ui/delete-button';
import { firstActionError } from '@/lib/action-errors';
import { deleteChannelAction, testChannelAction } from '../actions/channel-actions';

/** Queues a test notification; the page refreshes a few times to show its outcome on the channel. */
export function SendTestButton({ id }: { id: string }) {
  const router = useRouter();
  const { executeAsync, isPending } = useAction(testChannelAction);
  const [note, setNote] = useState<{ ok: boolean; text: string }>();
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        className="btn-secondary"
        disabled={isPending}
        onClick={async () => {
          setNote(undefined);
          const res = await executeAsync({ id });
          const problem = firstActionError(res);
          if (problem) return setNote({ ok: false, text: problem });
          setNote({ ok: true, text: 'Test queued. The result shows below.' });
          for (const ms of [1500, 4000, 8000]) setTimeout(() => router.refresh(), ms);
        }}
      >
        {isPending ? 'Sending…' : 'Send test'}
      </button>
      {note ? (
        <span role={note.ok ? 'status' : 'alert'} className={note.ok ? 'text-xs text-zinc-600 dark:text-zinc-400' : 'text-xs text-red-700 dark:text-red-400'}>
          {note.text}
        </span>
      ) : null}
    </span>
  );
}

export function DeleteChannelButton({ id, name }: { id: string; name: string }) {
  const { executeAsync } = useAction(deleteChannelAction);
  return (
    <DeleteButton
      title={`Delete ${name}?`}
      description="Notifications stop going to this channel. Alerts stay as they are."
      confirmLabel="Delete channel"
      onConfirm={async () => firstActionError(await executeAsync({ id }))}
    />
  );
}
