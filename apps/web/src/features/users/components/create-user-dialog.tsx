'use client';

import { useState } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { FormAlert, FormField } from '@/components/form-field';
import { applyActionErrors } from '@/lib/action-errors';
import { createUserSchema, type CreateUserInput } from '@/features/auth/schemas';
import { createUserAction } from '../actions/create-user';

export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, setError, reset, formState } = useForm<CreateUserInput>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { role: 'user' },
  });
  const { errors } = formState;
  const { executeAsync, isPending } = useAction(createUserAction);

  async function onSubmit(values: CreateUserInput) {
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
      <Dialog.Trigger className="btn-primary">Add user</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="card fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 p-6">
          <Dialog.Title className="text-lg font-semibold">Add a user</Dialog.Title>
          <Dialog.Description className="mb-4 mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Each user sees only their own nodes, templates and containers, and nodes others share with them.
          </Dialog.Description>
          <form onSubmit={handleSubmit(onSubmit)} noValidate className="space-y-4">
            <FormAlert message={formError} />
            <FormField id="new-username" label="Username" error={errors.username?.message}>
              <input id="new-username" className="input" autoComplete="off" aria-invalid={!!errors.username} {...register('username')} />
            </FormField>
            <FormField id="new-displayName" label="Display name (optional)" error={errors.displayName?.message}>
              <input id="new-displayName" className="input" aria-invalid={!!errors.displayName} {...register('displayName')} />
            </FormField>
            <FormField id="new-password" label="Initial password" error={errors.password?.message} hint="At least 12 characters. Share it privately.">
              <input id="new-password" type="password" autoComplete="new-password" className="input" aria-invalid={!!errors.password} {...register('password')} />
            </FormField>
            <FormField id="new-role" label="Role" error={errors.role?.message}>
              <select id="new-role" className="input" {...register('role')}>
                <option value="user">User</option>
                <option value="admin">Administrator</option>
              </select>
            </FormField>
            <div className="flex justify-end gap-2">
              <Dialog.Close className="btn-secondary" type="button">Cancel</Dialog.Close>
              <button type="submit" className="btn-primary" disabled={isPending}>{isPending ? 'Adding…' : 'Add user'}</button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
