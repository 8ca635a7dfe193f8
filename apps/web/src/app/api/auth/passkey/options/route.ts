import { NextResponse, type NextRequest } from 'next/server';
import { crossSiteRefusal, readPendingToken, signInResponse } from '@/features/auth/server/sign-in-response';
import { clientIp } from '@/server/request';
import { auth } from '@/server/services';

export const dynamic = 'force-dynamic';

/**
 * WebAuthn options for signing in: for the pending user's passkeys after a right password, or
 * (no pending sign-in) for any discoverable passkey.
 */
export async function POST(req: NextRequest) {
  const refused = crossSiteRefusal(req);
  if (refused) return refused;
  const mode = new URL(req.url).searchParams.get('mode') === 'second-factor' ? 'second-factor' : 'passwordless';
  let userId: string | null = null;
  if (mode === 'second-factor') {
    const pending = await auth().pending.get(await readPendingToken());
    if (!pending) return NextResponse.json({ error: 'Sign in with your password again: 5 minutes have passed.' }, { status: 401 });
    userId = pending.userId;
  }
  const res = await auth().passkeySignInOptions(userId, await clientIp());
  if (res.limited) return signInResponse({ ok: false, reason: 'rate-limited', retryAfterSeconds: res.retryAfterSeconds });
  return NextResponse.json(res.options);
}
