'use client';

import type { PendingRow } from '@kiln/services';
import { revertPendingAction } from '../actions/revert-pending';
import { OperationOutcome } from './outcome';
import { useSettingsOperation } from './use-settings-operation';

/** What Proxmox VE keeps pending until the container restarts, with "revert" (PVE's `revert`). */
export function PendingCard({ nodeId, vmid, pending, canEdit }: { nodeId: string; vmid: number; pending: PendingRow[]; canEdit: boolean }) {
  const op = useSettingsOperation();
  if (pending.length === 0) return null;
  return (
    <section className="card space-y-3 border-amber-300 p-4 dark:border-amber-800" aria-labelledby="pending-title" data-testid="pending">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="pending-title" className="text-sm font-semibold">
          Pending until the next restart
        </h2>
        {canEdit ? (
          <button
            type="button"
            className="btn-secondary px-3 py-1.5 text-sm"
            disabled={op.busy}
            onClick={() => void op.run(() => revertPendingAction({ nodeId, vmid, keys: pending.map((p) => p.key) }))}
          >
            Revert pending changes
          </button>
        ) : null}
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">The container runs with the current values; Proxmox VE applies these when it stops or restarts.</p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-zinc-500">
            <tr>
              <th className="py-1 pr-3 font-medium">Key</th>
              <th className="py-1 pr-3 font-medium">Now</th>
              <th className="py-1 font-medium">After restart</th>
            </tr>
          </thead>
          <tbody>
            {pending.map((p) => (
              <tr key={p.key} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                <td className="py-1 pr-3 font-mono text-xs">{p.key}</td>
                <td className="break-all py-1 pr-3 font-mono text-xs">{p.current ?? '—'}</td>
                <td className="break-all py-1 font-mono text-xs">{p.delete ? <em>removed</em> : (p.pending ?? '—')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <OperationOutcome working="Reverting" live={op.live} busy={op.busy} outcome={op.outcome} onDismiss={op.dismiss} />
    </section>
  );
}
