'use client';

import { useRouter } from 'next/navigation';
import { useAction } from 'next-safe-action/hooks';
import { toast } from 'sonner';
import { DeleteButton } from '@/components/ui/delete-button';
import { firstActionError } from '@/lib/action-errors';
import { deleteScheduleAction, runScheduleNowAction } from '../actions/schedules';

/** Runs the schedule now (its window stays): what has pending updates now is updated. */
export function RunScheduleNowButton({ id }: { id: string }) {
  const router = useRouter();
  const { executeAsync, isPending } = useAction(runScheduleNowAction);
  return (
    <button
      type="button"
      className="btn-ghost"
      disabled={isPending}
      onClick={async () => {
        const r = await executeAsync({ id });
        const error = firstActionError(r);
        if (error || !r?.data) toast.error(error ?? 'The schedule could not run.');
        else if (r.data.operationId) {
          toast.success(r.data.result);
          router.push(`/operations/${r.data.operationId}`);
        } else toast.message(r.data.result);
      }}
    >
      {isPending ? 'Starting…' : 'Run now'}
    </button>
  );
}

export function DeleteScheduleButton({ id, name }: { id: string; name: string }) {
  const { executeAsync } = useAction(deleteScheduleAction);
  return (
    <DeleteButton
      title={`Delete the schedule “${name}”?`}
      description="Its future runs stop. Runs that already started finish; their history stays in Operations."
      confirmLabel="Delete schedule"
      onConfirm={async () => firstActionError(await executeAsync({ id }))}
    />
  );
}
