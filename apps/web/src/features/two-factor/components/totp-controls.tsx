'use client';

import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { disableTotpAction } from '../actions/disable-totp';
import { regenerateRecoveryCodesAction } from '../actions/regenerate-recovery-codes';
import { RecoveryCodes } from './recovery-codes';
import { firstActionError } from '@/lib/action-errors';

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
      askPassword
      onConfirm={async ({ password }) => firstActionError(await executeAsync({ password }))}
    />
  );
}

export function RegenerateRecoveryCodes() {
  const { executeAsync } = useAction(regenerateRecoveryCodesAction);
  const [codes, setCodes] = useState<string[]>();
  if (codes) return <RecoveryCodes codes={codes} onDone={() => setCodes(undefined)} />;
  return (
    <ConfirmDialog
      trigger={
        <button type="button" className="btn-secondary">
          New recovery codes
        </button>
      }
      title="Make new recovery codes?"
      description="You get ten new one-time codes; the codes you have now stop working."
      confirmLabel="Make new codes"
      askPassword
      onConfirm={async ({ password }) => {
        const res = await executeAsync({ password });
        if (res?.data) {
          setCodes(res.data.recoveryCodes);
          return undefined;
        }
        return firstActionError(res) ?? 'No new codes were made.';
      }}
    />
  );
}
