'use client';

import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { disableTotpAction } from '../actions/disable-totp';
import { regenerateRecoveryCodesAction } from '../actions/regenerate-recovery-codes';
import { RecoveryCodes } from './recovery-codes';

export function DisableTotpButton() {
  const { executeAsync } = useAction(disableTotpAction);
  return (
    <ConfirmDialog
      trigger={
        <button type="button" className="btn-secondary">
          Turn off
        </button>
      }
      title="Turn off the authenticator app?"
      description="Codes from the app no longer sign you in. Passkeys and recovery codes keep working."
      confirmLabel="Turn off"
      onConfirm={async () => (await executeAsync())?.serverError?.message}
    />
  );
}

export function RegenerateRecoveryCodes() {
  const { executeAsync, isPending } = useAction(regenerateRecoveryCodesAction);
  const [codes, setCodes] = useState<string[]>();
  const [error, setError] = useState<string>();
  if (codes) return <RecoveryCodes codes={codes} onDone={() => setCodes(undefined)} />;
  return (
    <div>
      <button
        type="button"
        className="btn-secondary"
        disabled={isPending}
        onClick={async () => {
          const res = await executeAsync();
          if (res?.data) setCodes(res.data.recoveryCodes);
          else setError(res?.serverError?.message ?? 'No new codes were made.');
        }}
      >
        {isPending ? 'Making codes…' : 'New recovery codes'}
      </button>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
