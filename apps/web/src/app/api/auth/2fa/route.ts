import type { NextRequest } from 'next/server';
import { secondFactorSchema } from '@/features/auth/schemas';
import { crossSiteRefusal, parseBody, readPendingToken, signInResponse } from '@/features/auth/server/sign-in-response';
import { clientIp } from '@/server/request';
import { auth } from '@/server/services';

export const dynamic = 'force-dynamic';

/** Second sign-in step with a TOTP or recovery code; needs the pending cookie of a right password. */
export async function POST(req: NextRequest) {
  const refused = crossSiteRefusal(req);
  if (refused) return refused;
  const body = await parseBody(req, secondFactorSchema);
  if ('error' in body) return body.error;
  const res = await auth().completeSecondFactor(await readPendingToken(), body.data, { ip: await clientIp(), userAgent: req.headers.get('user-agent') ?? undefined });
  return signInResponse(res, 'That code did not work. Check it and try again, or sign in again if 5 minutes have passed.');
}
