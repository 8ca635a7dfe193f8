'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { FormAlert, FormField } from '@/components/form-field';
import { applyActionErrors } from '@/lib/action-errors';
import { changePasswordAction } from '../actions/change-password';
import { changePasswordSchema, type ChangePasswordInput } from '../schemas';

export function ChangePasswordForm() {
  const [formError, setFormError] = useState<string>();
  const [done, setDone] = useState(false);
  const { register, handleSubmit, setError, reset, formState } = useForm<ChangePasswordInput>({ resolver: zodResolver(changePasswordSchema) });
  const { errors } = formState;
  const { executeAsync, isPending } = useAction(changePasswordAction);

  async function onSubmit(values: ChangePasswordInput) {
    setFormError(undefined);
    setDone(false);
    const result = await executeAsync(values);
    if (result?.data?.ok) {
      reset();
      setDone(true);
      return;
    }
    setFormError(applyActionErrors(result, setError) ?? 'The password was not changed.');
  }

  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate className="max-w-md space-y-4">
      <FormAlert message={formError} />
      {done ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">
          Password changed. Other sessions were signed out.
        </p>
      ) : null}
      <FormField id="currentPassword" label="Current password" error={errors.currentPassword?.message}>
        <input id="currentPassword" type="password" autoComplete="current-password" className="input" aria-invalid={!!errors.currentPassword} {...register('currentPassword')} />
      </FormField>
      <FormField id="password" label="New password" error={errors.password?.message} hint="At least 12 characters.">
        <input id="password" type="password" autoComplete="new-password" className="input" aria-invalid={!!errors.password} {...register('password')} />
      </FormField>
      <FormField id="confirmPassword" label="Repeat new password" error={errors.confirmPassword?.message}>
        <input id="confirmPassword" type="password" autoComplete="new-password" className="input" aria-invalid={!!errors.confirmPassword} {...register('confirmPassword')} />
      </FormField>
      <button type="submit" className="btn-primary" disabled={isPending}>
        {isPending ? 'Saving…' : 'Change password'}
      </button>
    </form>
  );
}
