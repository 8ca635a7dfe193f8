'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useAction } from 'next-safe-action/hooks';
import { FormAlert, FormField } from '@/components/form-field';
import { startTotpAction } from '../actions/start-totp';
import { confirmTotpAction } from '../actions/confirm-totp';
import { RecoveryCodes } from './recovery-codes';

/** Scan a QR code, confirm with a code, then see the recovery codes once. */
export function TotpSetup({ onDone }: { onDone?: () => void }) {
  const router = useRouter();
  const finished = () => (onDone ? onDone() : router.refresh());
  const start = useAction(startTotpAction);
  const confirm = useAction(confirmTotpAction);
  const [secret, setSecret] = useState<{ secret: string; qr: string }>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [codes, setCodes] = useState<string[] | null>();

  async function begin() {
    setError(undefined);
    const res = await start.executeAsync();
    if (res?.data) setSecret(res.data);
    else setError(res?.serverError?.message ?? 'Could not start the setup.');
  }

  async function finish(e: React.FormEvent) {
    e.preventDefault();
    setError(undefined);
    const res = await confirm.executeAsync({ code });
    if (res?.data) {
      setCodes(res.data.recoveryCodes);
      if (!res.data.recoveryCodes) finished();
      return;
    }
    const v = res?.validationErrors as { fieldErrors?: { code?: string[] } } | undefined;
    setError(res?.serverError?.fieldErrors?.code ?? v?.fieldErrors?.code?.[0] ?? res?.serverError?.message ?? 'That code did not work.');
  }

  if (codes)
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          finished();
        }}
      />
    );
  if (codes === null)
    return (
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
        The authenticator app is set up.
      </p>
    );
  if (!secret) {
    return (
      <div className="space-y-2">
        <FormAlert message={error} />
        <button type="button" className="btn-primary" onClick={begin} disabled={start.isPending}>
          {start.isPending ? 'Preparing…' : 'Set up an authenticator app'}
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={finish} noValidate className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Scan this code with an authenticator app (Aegis, Google Authenticator, 1Password…), then enter the 6-digit code it shows.</p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data URL, nothing to optimise */}
      <img src={secret.qr} alt="QR code for the authenticator app" width={180} height={180} className="rounded bg-white p-2" />
      <p className="text-xs text-zinc-500">
        Or enter this key by hand:{' '}
        <code data-testid="totp-secret" className="break-all font-mono">
          {secret.secret}
        </code>
      </p>
      <FormAlert message={error} />
      <FormField id="totp-code" label="Code from the app">
        <input id="totp-code" className="input max-w-40 font-mono" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
      </FormField>
      <button type="submit" className="btn-primary" disabled={confirm.isPending}>
        {confirm.isPending ? 'Checking…' : 'Turn on'}
      </button>
    </form>
  );
}
