'use client';

import { useState } from 'react';
import { FormAlert, FormField } from '@/components/form-field';
import { passkeySignIn, postSignIn, type SecondFactorMethods, type SignInAnswer } from './passkey-sign-in';

/** The second sign-in step after a right password: app code, recovery code or passkey. */
export function SecondFactorForm({ methods, onSignedIn, onRestart }: { methods: SecondFactorMethods; onSignedIn: () => void; onRestart: () => void }) {
  const [mode, setMode] = useState<'totp' | 'recovery'>(methods.totp ? 'totp' : 'recovery');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function run(step: () => Promise<SignInAnswer>) {
    setError(undefined);
    setBusy(true);
    const answer = await step();
    setBusy(false);
    if ('ok' in answer) return onSignedIn();
    if ('error' in answer) setError(answer.fieldErrors?.code ?? answer.error);
  }

  const label = mode === 'totp' ? 'Authentication code' : 'Recovery code';
  return (
    <div className="space-y-4">
      <h2 className="font-semibold">Two-factor sign-in</h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{mode === 'totp' ? 'Enter the 6-digit code from your authenticator app.' : 'Enter one of your recovery codes. Each works once.'}</p>
      <FormAlert message={error} />
      {methods.totp || methods.recovery ? (
        <form
          noValidate
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => postSignIn('/api/auth/2fa', { method: mode, code }));
          }}
        >
          <FormField id="second-factor-code" label={label}>
            <input
              id="second-factor-code"
              className="input font-mono"
              autoFocus
              autoComplete="one-time-code"
              inputMode={mode === 'totp' ? 'numeric' : 'text'}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </FormField>
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {busy ? 'Checking…' : 'Verify'}
          </button>
        </form>
      ) : null}
      {methods.passkey ? (
        <button type="button" className="btn-secondary w-full" disabled={busy} onClick={() => void run(() => passkeySignIn('second-factor'))}>
          Use a passkey
        </button>
      ) : null}
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        {methods.totp ? (
          <button
            type="button"
            className="btn-ghost"
            onClick={() => {
              setCode('');
              setMode(mode === 'totp' ? 'recovery' : 'totp');
            }}
          >
            {mode === 'totp' ? 'Use a recovery code' : 'Use the app code'}
          </button>
        ) : (
          <span />
        )}
        <button type="button" className="btn-ghost" onClick={onRestart}>
          Start over
        </button>
      </div>
    </div>
  );
}
