'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { CONTAINER_OPERATIONS } from '@kiln/services/operations-table';
import { deleteContainerAction } from '../actions/delete';

const CONFIRM = CONTAINER_OPERATIONS['container.delete'].confirm;

/**
 * Delete with a confirmation that names the container and asks for its name: destroying is
 * final (purge also drops it from backup jobs and replication). Kiln keeps its history.
 */
export function DeleteContainerDialog({
  nodeId,
  vmid,
  name,
  running,
  disabled,
  onAsking,
  onQueued,
  onRefused,
}: {
  nodeId: string;
  vmid: number;
  name: string;
  running: boolean;
  disabled: boolean;
  onAsking: () => void;
  /** The worker has the delete: the action bar follows the operation. */
  onQueued: (operationId: string) => void;
  onRefused: (message: string) => void;
}) {
  const del = useAction(deleteContainerAction);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [force, setForce] = useState(false);
  const ready = typed.trim() === name && (!running || force);

  async function confirm() {
    setOpen(false);
    onAsking();
    const r = await del.executeAsync({ nodeId, vmid, force: running && force });
    if (r?.data?.operationId) onQueued(r.data.operationId);
    else onRefused(r?.serverError?.message ?? 'The container could not be deleted.');
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setTyped('');
        setForce(false);
      }}
    >
      <Dialog.Trigger asChild>
        <button type="button" className="btn-ghost px-3 py-1.5 text-red-700 dark:text-red-400" disabled={disabled}>
          Delete
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="card fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 p-6">
          <Dialog.Title className="text-lg font-semibold">
            Delete {name} (CT {vmid})?
          </Dialog.Title>
          <Dialog.Description asChild>
            <div className="mt-2 space-y-2 text-sm text-zinc-600 dark:text-zinc-400">
              <p>{CONFIRM.description}</p>
              <p>Its VMID becomes free. Kiln keeps the container&apos;s history and audit trail.</p>
            </div>
          </Dialog.Description>
          <div className="mt-4 space-y-3">
            {running ? (
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-1" checked={force} onChange={(e) => setForce(e.target.checked)} />
                <span>It is running: stop it first, then delete.</span>
              </label>
            ) : null}
            <div>
              <label htmlFor="confirm-name" className="label">
                Type <span className="font-mono">{name}</span> to confirm
              </label>
              <input id="confirm-name" className="input" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
            </div>
          </div>
          <div className="mt-4 flex justify-end gap-2">
            <Dialog.Close className="btn-secondary" type="button">
              Cancel
            </Dialog.Close>
            <button type="button" className="btn-danger" disabled={!ready || del.isPending} onClick={() => void confirm()}>
              {CONFIRM.confirmLabel}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
