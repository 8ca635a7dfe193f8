'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { PASSWORD_MIN_LENGTH } from '@kiln/auth/schemas';
import { FormAlert, FormField } from '@/components/form-field';
import { applyActionErrors } from '@/lib/action-errors';
import { setupAdminAction } from '../actions/setup-admin';
import { setupSchema, type SetupInput } from '../schemas';

export function SetupForm() {
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, setError, formState } = useForm<SetupInput>({ resolver: zodResolver(setupSchema) });
  const { errors } = formState;
  const { executeAsync, isPending } = useAction(setupAdminAction);

  async function onSubmit(values: SetupInput) {
    setFormError(undefined);
    const result = await executeAsync(values);
    setFormError(applyActionErrors(result, setError));
  }

  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate className="space-y-4">
      <FormAlert message={formError} />
      <FormField id="username" label="Admin username" error={errors.username?.message} hint="You sign in with this name.">
        <input id="username" autoComplete="username" autoFocus className="input" aria-invalid={!!errors.username} {...register('username')} />
      </FormField>
      <FormField id="displayName" label="Display name (optional)" error={errors.displayName?.message}>
        <input id="displayName" autoComplete="name" className="input" aria-invalid={!!errors.displayName} {...register('displayName')} />
      </FormField>
      <FormField id="password" label="Password" error={errors.password?.message} hint={`At least ${PASSWORD_MIN_LENGTH} characters. A passphrase is easiest.`}>
        <input id="password" type="password" autoComplete="new-password" className="input" aria-invalid={!!errors.password} {...register('password')} />
      </FormField>
      <FormField id="confirmPassword" label="Repeat password" error={errors.confirmPassword?.message}>
        <input id="confirmPassword" type="password" autoComplete="new-password" className="input" aria-invalid={!!errors.confirmPassword} {...register('confirmPassword')} />
      </FormField>
      <button type="submit" className="btn-primary w-full" disabled={isPending}>
        {isPending ? 'Creating account…' : 'Create admin account'}
      </button>
    </form>
  );
}
