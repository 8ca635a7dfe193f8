'use client';

import { useRouter } from 'next/navigation';
import { useAction } from 'next-safe-action/hooks';
import { toast } from 'sonner';
import { refreshBackupsAction } from '../actions/refresh';

/** Asks the worker to re-read the cluster's backups now, then shows them. */
export function RefreshBackupsButton({ nodeId }: { nodeId: string }) {
  const router = useRouter();
  const refresh = useAction(refreshBackupsAction);
  return (
    <button
      type="button"
      className="btn-secondary px-2 py-1 text-xs"
      disabled={refresh.isPending}
      onClick={() =>
        void refresh.executeAsync({ nodeId }).then((r) => {
          if (r?.serverError) toast.error(r.serverError.message);
          router.refresh();
        })
      }
    >
      {refresh.isPending ? 'Refreshing…' : 'Refresh'}
    </button>
  );
}
