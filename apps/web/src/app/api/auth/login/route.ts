import { NextResponse, type NextRequest } from 'next/server';
import { loginSchema } from '@/features/auth/schemas';
import { auth } from '@/server/services';
import { clientIp } from '@/server/request';
import { signInResponse } from '@/features/auth/server/sign-in-response';

export const dynamic = 'force-dynamic';

/**
 * Sign-in is a route handler (not a server action) so that a rate-limited attempt can answer
 * with a real HTTP 429 and Retry-After.
 */
export async function POST(req: NextRequest) {
  const origin = req.headers.get('origin');
  if (origin && new URL(origin).host !== req.headers.get('host')) {
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
  return signInResponse(res);
}
