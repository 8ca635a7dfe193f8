'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { FormAlert, FormField } from '@/components/form-field';
import { loginSchema, type LoginInput } from '../schemas';

export function LoginForm({ next, notice }: { next?: string; notice?: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, setError, formState } = useForm<LoginInput>({ resolver: zodResolver(loginSchema) });
  const { errors, isSubmitting } = formState;

  async function onSubmit(values: LoginInput) {
    setFormError(undefined);
    let res: Response;
    try {
      res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(values) });
    } catch {
      setFormError('Kiln did not answer. Check that it is running and try again.');
      return;
    }
    const body = (await res.json().catch(() => ({}))) as { error?: string; fieldErrors?: Record<string, string> };
    if (res.ok) {
      // Only same-site relative paths: never an open redirect.
      router.replace(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
      router.refresh();
      return;
    }
    for (const [field, message] of Object.entries(body.fieldErrors ?? {})) {
      if (field === 'username' || field === 'password') setError(field, { type: 'server', message });
    }
    setFormError(body.error ?? `Sign-in failed (${res.status}).`);
  }

  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate className="space-y-4">
      {notice ? <p className="rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800">{notice}</p> : null}
      <FormAlert message={formError} />
      <FormField id="username" label="Username" error={errors.username?.message}>
        <input id="username" autoComplete="username" autoFocus className="input" aria-invalid={!!errors.username} {...register('username')} />
      </FormField>
      <FormField id="password" label="Password" error={errors.password?.message}>
        <input id="password" type="password" autoComplete="current-password" className="input" aria-invalid={!!errors.password} {...register('password')} />
      </FormField>
      <button type="submit" className="btn-primary w-full" disabled={isSubmitting}>
        {isSubmitting ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
