'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { cn } from '@/lib/cn';
import { bulkPowerAction } from '../actions/bulk-power';
import { useSelection } from './bulk-selection';

type Op = 'start' | 'stop' | 'shutdown';
interface Outcome { ok: boolean; name: string; vmid: number; message: string }

/** Start, stop or shut down the selected rows; each container's own outcome is listed after. */
export function BulkBar() {
  const router = useRouter();
  const { selected, clear } = useSelection();
  const bulk = useAction(bulkPowerAction);
  const [running, setRunning] = useState<Op>();
  const [outcomes, setOutcomes] = useState<Outcome[]>();
  const [error, setError] = useState<string>();

  async function run(op: Op): Promise<string | undefined> {
    const targets = [...selected].map((id) => {
      const [nodeId, vmid] = id.split(':');
      return { nodeId: nodeId!, vmid: Number(vmid) };
    });
    setRunning(op);
    setOutcomes(undefined);
    setError(undefined);
    const r = await bulk.executeAsync({ op, targets });
    setRunning(undefined);
    router.refresh();
    if (!r?.data) {
      const msg = r?.serverError?.message ?? 'The action could not run.';
      setError(msg);
      toast.error(msg);
      return msg;
    }
    setOutcomes(r.data.outcomes);
    const bad = r.data.outcomes.filter((o) => !o.ok).length;
    if (bad) toast.error(`${bad} of ${r.data.outcomes.length} containers could not ${op.replace('shutdown', 'shut down')}.`);
    else toast.success(`${r.data.outcomes.length} container${r.data.outcomes.length === 1 ? '' : 's'}: ${op.replace('shutdown', 'shut down')} done.`);
    clear();
    return undefined;
  }

  const n = selected.size;
  if (n === 0 && !outcomes && !error) return null;
  const failed = outcomes?.filter((o) => !o.ok) ?? [];
  return (
    <div className="space-y-2" data-testid="bulk-bar">
      {n > 0 ? (
        <div role="toolbar" aria-label="Selected containers" className="card flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
          <span className="mr-auto font-medium">{n} selected</span>
          <button type="button" className="btn-primary px-3 py-1.5" disabled={!!running} onClick={() => void run('start')}>{running === 'start' ? 'Starting…' : 'Start'}</button>
          <ConfirmDialog
            trigger={<button type="button" className="btn-secondary px-3 py-1.5" disabled={!!running}>{running === 'shutdown' ? 'Shutting down…' : 'Shut down'}</button>}
            title={`Shut down ${n} container${n === 1 ? '' : 's'}?`}
            description="Each container gets a clean shutdown (up to 60 s)."
            confirmLabel="Shut down"
            onConfirm={() => run('shutdown')}
          />
          <ConfirmDialog
            trigger={<button type="button" className="btn-secondary px-3 py-1.5" disabled={!!running}>{running === 'stop' ? 'Stopping…' : 'Stop'}</button>}
            title={`Stop ${n} container${n === 1 ? '' : 's'}?`}
            description="Stop ends the containers at once, like pulling the plug. Shut down is the clean way."
            confirmLabel="Stop"
            onConfirm={() => run('stop')}
          />
          <button type="button" className="btn-ghost px-2 py-1.5 text-xs" disabled={!!running} onClick={clear}>Clear</button>
        </div>
      ) : null}
      {error ? <p role="alert" className="text-sm text-red-700 dark:text-red-400">{error}</p> : null}
      {outcomes ? (
        <div role="status" data-testid="bulk-result" className={cn('rounded-md border p-3 text-sm', failed.length ? 'border-amber-300 bg-amber-50 dark:border-amber-900 dark:bg-amber-950/40' : 'border-emerald-200 bg-emerald-50 dark:border-emerald-900 dark:bg-emerald-950/40')}>
          <div className="flex justify-between gap-2">
            <p className="font-medium">{outcomes.length - failed.length} of {outcomes.length} done{failed.length ? `, ${failed.length} refused or failed` : ''}.</p>
            <button type="button" className="text-xs underline" onClick={() => setOutcomes(undefined)}>Dismiss</button>
          </div>
          {failed.length ? <ul className="mt-1 list-disc pl-5">{failed.map((o) => <li key={o.vmid}>{o.name} ({o.vmid}): {o.message}</li>)}</ul> : null}
        </div>
      ) : null}
    </div>
  );
}
