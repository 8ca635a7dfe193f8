'use client';

import { useState } from 'react';
import { OPERATIONS } from '@kiln/services/operations-table';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { deleteSnapshotAction } from '../actions/delete-snapshot';
import { rollbackSnapshotAction } from '../actions/rollback-snapshot';

const CONFIRM = {
  lxc: { rollback: OPERATIONS['snapshot.rollback'].confirm, delete: OPERATIONS['snapshot.delete'].confirm },
  qemu: { rollback: OPERATIONS['vm.snapshot.rollback'].confirm, delete: OPERATIONS['vm.snapshot.delete'].confirm },
};

/** Roll back (confirm; start after) and delete (confirm) for one snapshot of the tree. */
export function SnapshotRowActions({
  nodeId,
  vmid,
  guest = 'lxc',
  snapname,
  running,
  disabled,
  onQueued,
}: {
  nodeId: string;
  vmid: number;
  guest?: 'lxc' | 'qemu';
  snapname: string;
  running: boolean;
  disabled: boolean;
  onQueued: (operationId: string) => void;
}) {
  // A running guest is stopped for the rollback; starting it again is what most people want.
  const [start, setStart] = useState(running);
  const { rollback: ROLLBACK, delete: DELETE } = CONFIRM[guest];
  const queued = (r: { data?: { operationId: string }; serverError?: { message: string } } | undefined, fallback: string) => {
    if (r?.data?.operationId) {
      onQueued(r.data.operationId);
      return undefined;
    }
    return r?.serverError?.message ?? fallback;
  };
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <ConfirmDialog
        trigger={
          <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={disabled} aria-label={`Roll back to ${snapname}`}>
            Roll back
          </button>
        }
        title={`Roll back to “${snapname}”?`}
        description={
          <div className="space-y-3">
            <p>{ROLLBACK.description}</p>
            <label className="flex items-start gap-2">
              <input type="checkbox" className="mt-1" checked={start} onChange={(e) => setStart(e.target.checked)} />
              <span>Start the {guest === 'qemu' ? 'VM' : 'container'} after rolling back</span>
            </label>
          </div>
        }
        confirmLabel={ROLLBACK.confirmLabel}
        onConfirm={async () => queued(await rollbackSnapshotAction({ nodeId, vmid, guest, snapname, start }).catch(() => undefined), 'The rollback could not be queued.')}
      />
      <ConfirmDialog
        trigger={
          <button type="button" className="btn-ghost px-2 py-1 text-xs text-red-700 dark:text-red-400" disabled={disabled} aria-label={`Delete snapshot ${snapname}`}>
            Delete
          </button>
        }
        title={`Delete snapshot “${snapname}”?`}
        description={DELETE.description}
        confirmLabel={DELETE.confirmLabel}
        onConfirm={async () => queued(await deleteSnapshotAction({ nodeId, vmid, guest, snapname }).catch(() => undefined), 'The snapshot could not be deleted.')}
      />
    </div>
  );
}
