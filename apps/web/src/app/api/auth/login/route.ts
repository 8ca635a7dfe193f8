import { NextResponse, type NextRequest } from 'next/server';
import { INVALID_LOGIN_MESSAGE } from '@kiln/auth';
import { loginSchema } from '@/features/auth/schemas';
import { auth } from '@/server/services';
import { clientIp } from '@/server/request';
import { writeSessionId } from '@/server/session';

export const dynamic = 'force-dynamic';

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

/** The host of an Origin header; null for `null` (sandboxed frames, some redirects) or garbage. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}

/**
 * Sign-in is a route handler (not a server action) so that a rate-limited attempt can answer
 * with a real HTTP 429 and Retry-After.
 */
export async function POST(req: NextRequest) {
  const origin = req.headers.get('origin');
  if (origin !== null && hostOf(origin) !== req.headers.get('host')) {
    return NextResponse.json({ error: 'Cross-site sign-in refused.' }, { status: 403 });
  }
  const body: unknown = await req.json().catch(() => null);
  const parsed = loginSchema.safeParse(body);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return NextResponse.json({ error: 'Check the highlighted fields.', fieldErrors }, { status: 400 });
  }
  const res = await auth().login({ ...parsed.data, ip: await clientIp(), userAgent: req.headers.get('user-agent') ?? undefined });
  if (!res.ok && res.reason === 'rate-limited') {
    return NextResponse.json(
      {
        error: `Too many failed sign-ins. Try again in ${formatWait(res.retryAfterSeconds)}.`,
        retryAfterSeconds: res.retryAfterSeconds,
      },
      { status: 429, headers: { 'Retry-After': String(res.retryAfterSeconds) } },
    );
  }
  if (!res.ok) return NextResponse.json({ error: INVALID_LOGIN_MESSAGE }, { status: 401 });
  await writeSessionId(res.sid);
  return NextResponse.json({ ok: true });
}
