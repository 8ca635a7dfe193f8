'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { useDialogForm } from '@/lib/use-dialog-form';
import { createUserSchema, type CreateUserInput } from '@/features/auth/schemas';
import { createUserAction } from '../actions/create-user';

export function CreateUserDialog() {
  const form = useForm<CreateUserInput>({ resolver: zodResolver(createUserSchema), defaultValues: { role: 'user' } });
  const { executeAsync, isPending } = useAction(createUserAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, executeAsync);
  const { errors } = form.formState;
  const register = form.register;
  return (
    <FormDialog open={open} onOpenChange={setOpen} trigger="Add user" title="Add a user" description="Each user sees only their own nodes, templates and containers, and nodes others share with them.">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
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
        <FormDialogButtons busy={isPending} label="Add user" busyLabel="Adding…" />
      </form>
    </FormDialog>
  );
}
