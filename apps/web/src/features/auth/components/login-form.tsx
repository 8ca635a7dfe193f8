'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { FormAlert, FormField } from '@/components/form-field';
import { safeNextPath } from '@/lib/next-path';
import { loginSchema, type LoginInput } from '../schemas';
import { passkeySignIn, postSignIn, type SecondFactorMethods, type SignInAnswer } from './passkey-sign-in';
import { SecondFactorForm } from './second-factor-form';

export function LoginForm({ next, notice }: { next?: string; notice?: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [methods, setMethods] = useState<SecondFactorMethods>();
  const [passkeyBusy, setPasskeyBusy] = useState(false);
  const { register, handleSubmit, setError, formState } = useForm<LoginInput>({ resolver: zodResolver(loginSchema) });
  const { errors, isSubmitting } = formState;

  function signedIn() {
    // Only same-site relative paths: never an open redirect.
    router.replace(safeNextPath(next) ?? '/');
    router.refresh();
  }

  function handle(answer: SignInAnswer) {
    if ('ok' in answer) return signedIn();
    if ('secondFactor' in answer) return setMethods(answer.secondFactor);
    for (const [field, message] of Object.entries(answer.fieldErrors ?? {})) {
      if (field === 'username' || field === 'password') setError(field, { type: 'server', message });
    }
    setFormError(answer.error);
  }

  async function onSubmit(values: LoginInput) {
    setFormError(undefined);
    handle(await postSignIn('/api/auth/login', values));
  }

  async function withPasskey() {
    setFormError(undefined);
    setPasskeyBusy(true);
    handle(await passkeySignIn('passwordless'));
    setPasskeyBusy(false);
  }

  if (methods) return <SecondFactorForm methods={methods} onSignedIn={signedIn} onRestart={() => setMethods(undefined)} />;

  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate className="space-y-4">
      {notice ? <p className="rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800">{notice}</p> : null}
      <FormAlert message={formError} />
      <FormField id="username" label="Username" error={errors.username?.message}>
        <input id="username" autoComplete="username webauthn" autoFocus className="input" aria-invalid={!!errors.username} {...register('username')} />
      </FormField>
      <FormField id="password" label="Password" error={errors.password?.message}>
        <input id="password" type="password" autoComplete="current-password" className="input" aria-invalid={!!errors.password} {...register('password')} />
      </FormField>
      <button type="submit" className="btn-primary w-full" disabled={isSubmitting}>
        {isSubmitting ? 'Signing in…' : 'Sign in'}
      </button>
      {/* Not named "Sign in …": the primary button's accessible name stays unique. */}
      <button type="button" className="btn-secondary w-full" onClick={withPasskey} disabled={passkeyBusy}>
        {passkeyBusy ? 'Waiting for your passkey…' : 'Use a passkey instead'}
      </button>
    </form>
  );
}
