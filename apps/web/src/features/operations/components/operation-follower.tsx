'use client';

import Link from 'next/link';
import { useAction } from 'next-safe-action/hooks';
import { toast } from 'sonner';
import { TaskLogView } from '@/features/container-detail/components/task-log-view';
import { cancelOperationAction } from '../actions/cancel';
import { formatDuration } from '../format';
import { OperationStatePill } from './state-pill';
import { useOperation } from './use-operation';

/** The live view of one operation: state, message, PVE task log; for a bulk one, each container. */
export function OperationFollower({ operationId }: { operationId: string }) {
  const live = useOperation(operationId);
  const cancel = useAction(cancelOperationAction);
  if (!live)
    return (
      <p role="status" className="text-sm text-zinc-500">
        Loading…
      </p>
    );
  const { operation: op, children, counts } = live;
  // Only the requester may cancel; an admin follows someone else's operation read-only.
  const canCancel = live.mine && !live.done && (op.state === 'queued' || counts.queued > 0);
  return (
    <div className="space-y-4" data-testid="operation" data-state={op.state}>
      <div className="card space-y-2 p-4 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <OperationStatePill state={op.state} />
          <span className="text-zinc-500">{formatDuration(op.startedAt, op.finishedAt)}</span>
          {op.nodeId && op.vmid ? (
            <Link className="underline" href={`/containers/${op.nodeId}/${op.vmid}`}>
              Open the container
            </Link>
          ) : null}
          {canCancel ? (
            <button
              type="button"
              className="btn-secondary ml-auto px-3 py-1"
              disabled={cancel.isPending}
              onClick={async () => {
                const r = await cancel.executeAsync({ operationId: op.id });
                if (r?.data) toast.success(r.data.cancelled ? `Cancelled ${r.data.cancelled} not yet started.` : 'Nothing left to cancel: what runs, finishes.');
                else toast.error(r?.serverError?.message ?? 'Could not cancel.');
              }}
            >
              Cancel the rest
            </button>
          ) : null}
        </div>
        {op.message ? (
          <p className="font-medium" data-testid="operation-message">
            {op.message}
          </p>
        ) : null}
      </div>
      {children.length ? (
        <section className="card overflow-hidden">
          <h2 className="border-b border-zinc-200 px-4 py-2 text-sm font-semibold dark:border-zinc-800">
            Containers: {counts.succeeded} done, {counts.failed} failed, {counts.running} running, {counts.queued} waiting{counts.cancelled ? `, ${counts.cancelled} cancelled` : ''}
          </h2>
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {children.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-2 px-4 py-2 text-sm" data-child-state={c.state}>
                <OperationStatePill state={c.state} />
                {c.nodeId && c.vmid ? (
                  <Link className="font-medium underline-offset-2 hover:underline" href={`/containers/${c.nodeId}/${c.vmid}`}>
                    {c.name ?? `CT ${c.vmid}`}
                  </Link>
                ) : (
                  <span className="font-medium">{c.name ?? `CT ${c.vmid}`}</span>
                )}
                {c.message ? <span className="min-w-0 break-words text-xs text-zinc-600 dark:text-zinc-400">{c.message}</span> : null}
                <Link className="ml-auto text-xs underline" href={`/operations/${c.id}`}>
                  Log
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <TaskLogView lines={live.lines} />
      )}
    </div>
  );
}
