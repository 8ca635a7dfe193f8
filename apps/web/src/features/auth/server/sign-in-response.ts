import 'server-only';
import { NextResponse } from 'next/server';
import { cookies } from 'next/headers';
import { INVALID_LOGIN_MESSAGE, PENDING_SECONDS, waitMessage, type LoginResult } from '@kiln/auth';
import { getConfig, isSecureUrl } from '@kiln/config';
import { writeSessionId } from '@/server/session';

/** The pending second-factor step rides in its own short-lived cookie; it is not a session. */
function pendingCookieName(): string {
  return isSecureUrl(getConfig().APP_URL) ? '__Host-kiln_2fa' : 'kiln_2fa';
}

export async function readPendingToken(): Promise<string | undefined> {
  return (await cookies()).get(pendingCookieName())?.value;
}

/**
 * One answer for every sign-in step (password, code, passkey): 429 with Retry-After, 401 with
 * the same message whatever was wrong, the second-factor step, or the session cookie.
 */
export async function signInResponse(res: LoginResult, wrongMessage = INVALID_LOGIN_MESSAGE): Promise<NextResponse> {
  const jar = await cookies();
  if (!res.ok && res.reason === 'rate-limited') {
    return NextResponse.json(
      { error: `Too many failed sign-ins. Try again in ${waitMessage(res.retryAfterSeconds)}.`, retryAfterSeconds: res.retryAfterSeconds },
      { status: 429, headers: { 'Retry-After': String(res.retryAfterSeconds) } },
    );
  }
  if (!res.ok && res.reason === 'second-factor') {
    const secure = isSecureUrl(getConfig().APP_URL);
    jar.set(pendingCookieName(), res.pendingToken, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: PENDING_SECONDS });
    return NextResponse.json({ secondFactor: res.methods });
  }
  if (!res.ok) return NextResponse.json({ error: wrongMessage }, { status: 401 });
  if (jar.has(pendingCookieName())) jar.delete(pendingCookieName());
  await writeSessionId(res.sid);
  return NextResponse.json({ ok: true });
}

/** Sign-in steps answer only same-site requests (a form on another site cannot sign you in). */
export function crossSiteRefusal(req: Request): NextResponse | null {
  const origin = req.headers.get('origin');
  if (origin === null) return null;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    /* "null" or garbage: refused below */
  }
  return host && host === req.headers.get('host') ? null : NextResponse.json({ error: 'Cross-site sign-in refused.' }, { status: 403 });
}

/** The JSON body parsed by a zod schema, or a 400 answer naming the first problem per field. */
export async function parseBody<T>(
  req: Request,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
): Promise<{ data: T } | { error: NextResponse }> {
  const parsed = schema.safeParse(await req.json().catch(() => null));
  if (parsed.success) return { data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return { error: NextResponse.json({ error: 'Check the highlighted fields.', fieldErrors }, { status: 400 }) };
}
