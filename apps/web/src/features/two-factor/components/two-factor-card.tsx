import type { TwoFactorStatus } from '@kiln/services';
import { AddPasskey, PasskeyList, type PasskeyRow } from './passkeys';
import { DisableTotpButton, RegenerateRecoveryCodes } from './totp-controls';
import { TotpSetup } from './totp-setup';

/** Settings → Account: authenticator app, passkeys and recovery codes. */
export function TwoFactorCard({ status, passkeys }: { status: TwoFactorStatus; passkeys: PasskeyRow[] }) {
  const enabled = status.totp || status.passkeys > 0;
  return (
    <section className="card space-y-5 p-5 lg:col-span-2">
      <div>
        <h2 className="font-semibold">Two-factor sign-in</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {enabled ? 'On: after your password, Kiln asks for a code from your app or a passkey.' : 'Off: your password alone signs you in.'}
        </p>
      </div>
      <div>
        <h3 className="mb-2 text-sm font-medium">Authenticator app</h3>
        {status.totp ? (
          <div className="flex flex-wrap items-center gap-3">
            <span className="text-sm text-emerald-700 dark:text-emerald-400">Set up</span>
            <DisableTotpButton />
          </div>
        ) : (
          <TotpSetup />
        )}
      </div>
      <div>
        <h3 className="mb-2 text-sm font-medium">Passkeys</h3>
        <p className="mb-2 text-xs text-zinc-500">A passkey works as the second step after your password, or alone with &quot;Use a passkey instead&quot; on the sign-in page.</p>
        <PasskeyList passkeys={passkeys} />
        <div className="mt-3">
          <AddPasskey />
        </div>
      </div>
      {enabled ? (
        <div>
          <h3 className="mb-2 text-sm font-medium">Recovery codes</h3>
          <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">{status.recoveryCodesLeft} of 10 unused.</p>
          <RegenerateRecoveryCodes />
        </div>
      ) : null}
    </section>
  );
}
