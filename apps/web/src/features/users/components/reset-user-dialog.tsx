'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { useDialogForm } from '@/lib/use-dialog-form';
import { resetUserSchema, type ResetUserInput } from '@/features/auth/schemas';
import { resetUserAction } from '../actions/reset-user';

/** Account recovery for another user: new password and/or no 2FA; their sessions end. */
export function ResetUserDialog({ userId, username, hasTwoFactor }: { userId: string; username: string; hasTwoFactor: boolean }) {
  const form = useForm<ResetUserInput>({ resolver: zodResolver(resetUserSchema), defaultValues: { userId, password: '', clearTwoFactor: hasTwoFactor } });
  const { executeAsync, isPending } = useAction(resetUserAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, executeAsync);
  const { errors } = form.formState;
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger="Reset"
      triggerClassName="btn-ghost"
      title={`Reset ${username}`}
      description={`For a user who lost their password or their second factor. Every session of ${username} ends.`}
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormAlert message={formError} />
        <FormField id="reset-password" label="New password (optional)" error={errors.password?.message} hint="At least 12 characters. Share it privately.">
          <input id="reset-password" type="password" autoComplete="new-password" className="input" aria-invalid={!!errors.password} {...form.register('password')} />
        </FormField>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...form.register('clearTwoFactor')} />
          Remove two-factor sign-in (app, passkeys, recovery codes)
        </label>
        <FormDialogButtons busy={isPending} label="Reset account" busyLabel="Resetting…" />
      </form>
    </FormDialog>
  );
}
