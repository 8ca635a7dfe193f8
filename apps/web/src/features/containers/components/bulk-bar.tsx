'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { toast } from 'sonner';
import { BULK_OPERATIONS, bulkKind, type BulkOpDef, type BulkOpKind, type BulkPowerOp } from '@kiln/services/operations-table';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { cn } from '@/lib/cn';
import { cancelOperationAction } from '@/features/operations/actions/cancel';
import { useOperation, type LiveOperation } from '@/features/operations/components/use-operation';
import { BulkUpdateDialog } from '@/features/updates/components/bulk-update-dialog';
import { BulkAdoptDialog } from '@/features/adoption/components/bulk-adopt-dialog';
import { bulkPowerAction } from '../actions/bulk-power';
import { useSelection } from './bulk-selection';

const ORDER: BulkPowerOp[] = ['start', 'shutdown', 'stop'];

/**
 * Start, stop, shut down or update the selected rows as one bulk operation the worker runs (a few
 * at a time per PVE node). Its progress shows here; each container's own outcome is listed after.
 */
export function BulkBar() {
  const router = useRouter();
  const { selected, clear } = useSelection();
  const bulk = useAction(bulkPowerAction);
  const cancel = useAction(cancelOperationAction);
  const [running, setRunning] = useState<BulkOpKind>();
  const [operationId, setOperationId] = useState<string>();
  const [ended, setEnded] = useState<LiveOperation>();
  const [error, setError] = useState<string>();
  const live = useOperation(operationId, (op) => {
    setRunning(undefined);
    setOperationId(undefined);
    setEnded(op);
    router.refresh();
    const { succeeded, failed, cancelled } = op.counts;
    if (failed || cancelled) toast.error(op.operation.message ?? `${failed} containers could not ${op.operation.label.toLowerCase()}.`);
    else toast.success(op.operation.message ?? `${succeeded} containers done.`);
  });

  const targets = () =>
    [...selected].map((id) => {
      const [nodeId, vmid] = id.split(':');
      return { nodeId: nodeId!, vmid: Number(vmid) };
    });

  function follow(kind: BulkOpKind, id: string) {
    setRunning(kind);
    setEnded(undefined);
    setError(undefined);
    setOperationId(id);
    clear();
  }

  async function run(op: BulkPowerOp): Promise<string | undefined> {
    setRunning(bulkKind(op));
    setEnded(undefined);
    setError(undefined);
    const r = await bulk.executeAsync({ op, targets: targets() });
    if (!r?.data?.operationId) {
      setRunning(undefined);
      const msg = r?.serverError?.message ?? 'The action could not run.';
      setError(msg);
      toast.error(msg);
      return msg;
    }
    follow(bulkKind(op), r.data.operationId);
    return undefined;
  }

  const n = selected.size;
  if (n === 0 && !running && !ended && !error) return null;
  const failed = ended?.children.filter((c) => c.state === 'failed' || c.state === 'cancelled') ?? [];
  const counts = live?.counts;
  return (
    <div className="space-y-2" data-testid="bulk-bar">
      {n > 0 ? (
        <div role="toolbar" aria-label="Selected containers" className="card flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
          <span className="mr-auto font-medium">{n} selected</span>
          {ORDER.map((op) => {
            const def: BulkOpDef = BULK_OPERATIONS[bulkKind(op)];
            const button = (
              <button type="button" className={cn(op === 'start' ? 'btn-primary' : 'btn-secondary', 'px-3 py-1.5')} disabled={!!running} onClick={def.confirm ? undefined : () => void run(op)}>
                {running === bulkKind(op) ? `${def.working}…` : def.label}
              </button>
            );
            return def.confirm ? (
              <ConfirmDialog key={op} trigger={button} title={def.confirm.title(n)} description={def.confirm.description} confirmLabel={def.confirm.confirmLabel} onConfirm={() => run(op)} />
            ) : (
              <span key={op}>{button}</span>
            );
          })}
          <BulkUpdateDialog targets={targets} disabled={!!running} onQueued={(id) => follow('bulk.update', id)} />
          <BulkAdoptDialog targets={targets} disabled={!!running} onQueued={(id) => follow('bulk.adopt', id)} />
          <button type="button" className="btn-ghost px-2 py-1.5 text-xs" disabled={!!running} onClick={clear}>
            Clear
          </button>
        </div>
      ) : null}
      {running && live ? (
        <div role="status" aria-live="polite" data-testid="bulk-progress" className="card flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
          <span className="h-2 w-2 animate-pulse rounded-full bg-sky-500" aria-hidden />
          <span className="mr-auto">
            {BULK_OPERATIONS[running].working}: {counts ? counts.succeeded + counts.failed + counts.cancelled : 0} of {live.children.length} done
          </span>
          <Link className="text-xs underline" href={`/operations/${live.operation.id}`}>
            Details
          </Link>
          {counts && counts.queued > 0 ? (
            <button type="button" className="btn-ghost px-2 py-1 text-xs" disabled={cancel.isPending} onClick={() => void cancel.executeAsync({ operationId: live.operation.id })}>
              Cancel the rest
            </button>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {ended ? (
        <div
          role="status"
          data-testid="bulk-result"
          className={cn(
            'rounded-md border p-3 text-sm',
            failed.length ? 'border-amber-300 bg-amber-50 dark:border-amber-900 dark:bg-amber-950/40' : 'border-emerald-200 bg-emerald-50 dark:border-emerald-900 dark:bg-emerald-950/40',
          )}
        >
          <div className="flex justify-between gap-2">
            <p className="font-medium">
              {ended.counts.succeeded} of {ended.children.length} done{failed.length ? `, ${failed.length} refused, failed or cancelled` : ''}.
            </p>
            <button type="button" className="text-xs underline" onClick={() => setEnded(undefined)}>
              Dismiss
            </button>
          </div>
          {failed.length ? (
            <ul className="mt-1 list-disc pl-5">
              {failed.map((o) => (
                <li key={o.id}>
                  {o.name ?? `CT ${o.vmid}`} ({o.vmid}): {o.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
