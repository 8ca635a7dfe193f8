'use client';

import { useState } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { FormAlert, FormField } from '@/components/form-field';
import { applyActionErrors } from '@/lib/action-errors';
import { resetUserSchema, type ResetUserInput } from '@/features/auth/schemas';
import { resetUserAction } from '../actions/reset-user';

/** Account recovery for another user: new password and/or no 2FA; their sessions end. */
export function ResetUserDialog({ userId, username, hasTwoFactor }: { userId: string; username: string; hasTwoFactor: boolean }) {
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, setError, reset, formState } = useForm<ResetUserInput>({
    resolver: zodResolver(resetUserSchema),
    defaultValues: { userId, password: '', clearTwoFactor: hasTwoFactor },
  });
  const { errors } = formState;
  const { executeAsync, isPending } = useAction(resetUserAction);

  async function onSubmit(values: ResetUserInput) {
    setFormError(undefined);
    const result = await executeAsync(values);
    if (result?.data) {
      reset();
      setOpen(false);
      return;
    }
    setFormError(applyActionErrors(result, setError));
  }

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="btn-ghost">Reset</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="card fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 p-6">
          <Dialog.Title className="text-lg font-semibold">Reset {username}</Dialog.Title>
          <Dialog.Description className="mb-4 mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            For a user who lost their password or their second factor. Every session of {username} ends.
          </Dialog.Description>
          <form onSubmit={handleSubmit(onSubmit)} noValidate className="space-y-4">
            <FormAlert message={formError} />
            <FormField id="reset-password" label="New password (optional)" error={errors.password?.message} hint="At least 12 characters. Share it privately.">
              <input id="reset-password" type="password" autoComplete="new-password" className="input" aria-invalid={!!errors.password} {...register('password')} />
            </FormField>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" {...register('clearTwoFactor')} />
              Remove two-factor sign-in (app, passkeys, recovery codes)
            </label>
            <div className="flex justify-end gap-2">
              <Dialog.Close className="btn-secondary" type="button">Cancel</Dialog.Close>
              <button type="submit" className="btn-primary" disabled={isPending}>{isPending ? 'Resetting…' : 'Reset account'}</button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
