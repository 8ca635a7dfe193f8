'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useAction } from 'next-safe-action/hooks';
import { startRegistration } from '@simplewebauthn/browser';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FormAlert, FormField } from '@/components/form-field';
import { formatWhen } from '@/features/audit/components/audit-table';
import type { PasskeyAttestationInput } from '@/features/auth/schemas';
import { addPasskeyAction, passkeyRegistrationOptionsAction } from '../actions/passkey-registration';
import { deletePasskeyAction, renamePasskeyAction } from '../actions/manage-passkey';
import { RecoveryCodes } from './recovery-codes';
import { firstActionError } from '@/lib/action-errors';

export interface PasskeyRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Registers a new passkey in this browser under a name the user picks. */
export function AddPasskey({ onAdded }: { onAdded?: () => void }) {
  const router = useRouter();
  const options = useAction(passkeyRegistrationOptionsAction);
  const add = useAction(addPasskeyAction);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [codes, setCodes] = useState<string[]>();

  async function register(e: React.FormEvent) {
    e.preventDefault();
    setError(undefined);
    const opts = await options.executeAsync();
    if (!opts?.data) return setError(opts?.serverError?.message ?? 'Passkeys are not available right now.');
    let response;
    try {
      response = await startRegistration({ optionsJSON: opts.data });
    } catch {
      return setError('No passkey was created. Your browser or device may not support passkeys, or the prompt was cancelled.');
    }
    const res = await add.executeAsync({ name: name.trim() || 'Passkey', response: response as unknown as PasskeyAttestationInput });
    if (!res?.data) return setError(res?.serverError?.message ?? 'The passkey could not be saved.');
    setName('');
    if (res.data.recoveryCodes) setCodes(res.data.recoveryCodes);
    else finished();
  }

  const finished = () => (onAdded ? onAdded() : router.refresh());
  if (codes)
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(undefined);
          finished();
        }}
      />
    );
  return (
    <form onSubmit={register} noValidate className="flex flex-wrap items-end gap-2">
      <div className="min-w-0 flex-1">
        <FormField id="passkey-name" label="Passkey name">
          <input id="passkey-name" className="input" placeholder="e.g. Laptop fingerprint" maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />
        </FormField>
      </div>
      <button type="submit" className="btn-primary" disabled={options.isPending || add.isPending}>
        {add.isPending || options.isPending ? 'Waiting…' : 'Add passkey'}
      </button>
      <div className="w-full">
        <FormAlert message={error} />
      </div>
    </form>
  );
}

function PasskeyItem({ p }: { p: PasskeyRow }) {
  const rename = useAction(renamePasskeyAction);
  const remove = useAction(deletePasskeyAction);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(p.name);
  const [error, setError] = useState<string>();
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2">
      {editing ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const res = await rename.executeAsync({ id: p.id, name });
            if (res?.data) setEditing(false);
            else setError(res?.serverError?.message ?? 'Use 1 to 60 characters.');
          }}
        >
          <input aria-label="New name" className="input max-w-56" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="btn-secondary">
            Save
          </button>
          {error ? (
            <span role="alert" className="field-error">
              {error}
            </span>
          ) : null}
        </form>
      ) : (
        <div className="text-sm">
          <p className="font-medium">{p.name}</p>
          <p className="text-xs text-zinc-500">
            added {formatWhen(new Date(p.createdAt))} · {p.lastUsedAt ? `last used ${formatWhen(new Date(p.lastUsedAt))}` : 'not used yet'}
          </p>
        </div>
      )}
      <div className="flex gap-1">
        {editing ? null : (
          <button type="button" className="btn-ghost" onClick={() => setEditing(true)}>
            Rename
          </button>
        )}
        <ConfirmDialog
          trigger={
            <button type="button" className="btn-ghost text-red-700 dark:text-red-400">
              Delete
            </button>
          }
          title={`Delete the passkey "${p.name}"?`}
          description="It can no longer sign you in. The key stays on your device; remove it there too if you like."
          confirmLabel="Delete passkey"
          askPassword
          onConfirm={async ({ password }) => firstActionError(await remove.executeAsync({ id: p.id, password }))}
        />
      </div>
    </li>
  );
}

export function PasskeyList({ passkeys }: { passkeys: PasskeyRow[] }) {
  if (passkeys.length === 0) return <p className="text-sm text-zinc-500">No passkeys yet.</p>;
  return (
    <ul aria-label="Passkeys" className="divide-y divide-zinc-100 dark:divide-zinc-800">
      {passkeys.map((p) => (
        <PasskeyItem key={p.id} p={p} />
      ))}
    </ul>
  );
}
