'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useId, useState, type ReactNode } from 'react';
import { FormAlert, FormField } from '../form-field';

/**
 * A confirmation dialog for destructive actions. `onConfirm` returns an error message to show
 * (the dialog stays open) or nothing (it closes). With `askPassword` the user types their
 * password again (changes that weaken the account); it is passed to `onConfirm` and the error
 * shows under the field.
 */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  onConfirm,
  askPassword = false,
}: {
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: (input: { password: string }) => Promise<string | undefined>;
  askPassword?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [password, setPassword] = useState('');
  const passwordId = useId();
  async function confirm() {
    if (askPassword && !password) {
      setError('Enter your password.');
      return;
    }
    setBusy(true);
    setError(undefined);
    const err = await onConfirm({ password });
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
        setPassword('');
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
          {askPassword ? (
            <form
              className="mt-4"
              onSubmit={(e) => {
                e.preventDefault();
                void confirm();
              }}
            >
              <FormField id={passwordId} label="Your password" error={error}>
                <input
                  id={passwordId}
                  type="password"
                  autoComplete="current-password"
                  className="input"
                  value={password}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${passwordId}-error` : undefined}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </FormField>
            </form>
          ) : (
            <div className="mt-4">
              <FormAlert message={error} />
            </div>
          )}
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
