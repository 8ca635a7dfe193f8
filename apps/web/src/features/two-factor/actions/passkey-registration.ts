'use server';

import { z } from 'zod';
import type { RegistrationResponseJSON } from '@kiln/auth';
import { ValidationError } from '@kiln/core';
import { sessionAction } from '@/lib/safe-action';
import { auth } from '@/server/services';
import { passkeyAttestationSchema, passkeyNameSchema } from '@/features/auth/schemas';

/** WebAuthn creation options for a new passkey of the signed-in user (challenge kept 5 min). */
export const passkeyRegistrationOptionsAction = sessionAction.metadata({ name: 'passkeyRegistrationOptions' }).action(async ({ ctx }) => {
  return auth().twoFactor.passkeys.registrationOptions(ctx.user);
});

/** Verifies the browser's attestation and stores the passkey under the given name. */
export const addPasskeyAction = sessionAction
  .metadata({ name: 'addPasskey' })
  .inputSchema(z.object({ name: passkeyNameSchema, response: passkeyAttestationSchema }))
  .action(async ({ parsedInput, ctx }) => {
    const res = await auth().twoFactor.addPasskey(ctx.user, parsedInput.response as unknown as RegistrationResponseJSON, parsedInput.name, ctx.ip);
    if (!res) throw new ValidationError('The passkey could not be verified. Try again.');
    // No revalidation here: the page re-renders only after the recovery codes were seen.
    return { id: res.passkey.id, recoveryCodes: res.recoveryCodes };
  });
