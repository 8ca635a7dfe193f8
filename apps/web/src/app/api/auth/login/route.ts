import type { NextRequest } from 'next/server';
import { loginSchema } from '@/features/auth/schemas';
import { auth } from '@/server/services';
import { clientIp } from '@/server/request';
import { crossSiteRefusal, parseBody, signInResponse } from '@/features/auth/server/sign-in-response';

export const dynamic = 'force-dynamic';

/**
 * Sign-in is a route handler (not a server action) so that a rate-limited attempt can answer
 * with a real HTTP 429 and Retry-After. `Origin: null` or a malformed Origin is refused (403).
 */
export async function POST(req: NextRequest) {
  const refused = crossSiteRefusal(req);
  if (refused) return refused;
  const body = await parseBody(req, loginSchema);
  if ('error' in body) return body.error;
  const res = await auth().login({ ...body.data, ip: await clientIp(), userAgent: req.headers.get('user-agent') ?? undefined });
  return signInResponse(res);
}
