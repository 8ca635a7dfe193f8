'use client';

import { useRouter } from 'next/navigation';
import { AddPasskey } from './passkeys';
import { TotpSetup } from './totp-setup';

/** The forced-enrolment page's two ways in; done sends the user on to the dashboard. */
export function EnrolChoices() {
  const router = useRouter();
  const done = () => {
    router.replace('/');
    router.refresh();
  };
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h2 className="text-sm font-medium">Authenticator app</h2>
        <TotpSetup onDone={done} />
      </section>
      <section className="space-y-2">
        <h2 className="text-sm font-medium">Or a passkey</h2>
        <AddPasskey onAdded={done} />
      </section>
    </div>
  );
}
