'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';
import { FormAlert } from '../form-field';

/**
 * A confirmation dialog for destructive actions. `onConfirm` returns an error message to show
 * (the dialog stays open) or nothing (it closes).
 */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  onConfirm,
}: {
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<string | undefined>;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function confirm() {
    setBusy(true);
    setError(undefined);
    const err = await onConfirm();
    setBusy(false);
    if (err) setError(err);
    else setOpen(false);
  }
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setError(undefined);
      }}
    >
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="card fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 p-6">
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{description}</div>
          </Dialog.Description>
          <div className="mt-4">
            <FormAlert message={error} />
          </div>
          <div className="mt-4 flex justify-end gap-2">
            <Dialog.Close className="btn-secondary" type="button">
              Cancel
            </Dialog.Close>
            <button type="button" className="btn-danger" disabled={busy} onClick={confirm}>
              {busy ? 'Working…' : confirmLabel}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
