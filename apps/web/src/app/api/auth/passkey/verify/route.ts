import type { NextRequest } from 'next/server';
import type { AuthenticationResponseJSON } from '@kiln/auth';
import { passkeySignInSchema } from '@/features/auth/schemas';
import { crossSiteRefusal, parseBody, readPendingToken, signInResponse } from '@/features/auth/server/sign-in-response';
import { clientIp } from '@/server/request';
import { auth } from '@/server/services';

export const dynamic = 'force-dynamic';

const WRONG = 'That passkey did not sign you in. Try another one or use your password.';

/** Finishes a passkey sign-in: as the second factor, or passwordless with a discoverable passkey. */
export async function POST(req: NextRequest) {
  const refused = crossSiteRefusal(req);
  if (refused) return refused;
  const body = await parseBody(req, passkeySignInSchema);
  if ('error' in body) return body.error;
  const client = { ip: await clientIp(), userAgent: req.headers.get('user-agent') ?? undefined };
  const response = body.data.response as unknown as AuthenticationResponseJSON;
  const res =
    body.data.mode === 'second-factor' ? await auth().completeSecondFactor(await readPendingToken(), { method: 'passkey', response }, client) : await auth().loginWithPasskey(response, client);
  return signInResponse(res, WRONG);
}
