import { NextResponse, type NextRequest } from 'next/server';
import { isAppError } from '@kiln/core';
import { OPERATION_CURSOR, operationView } from '@kiln/services';
import { currentUser } from '@/server/session';
import { deps } from '@/server/services';

export const dynamic = 'force-dynamic';

/**
 * One operation of the signed-in user (any user's for an admin, read-only) and its progress
 * events after `after` (a cursor from the previous answer; '0' replays from the start, e.g. after
 * a reload). Someone else's operation is a 404, exactly like one that does not exist.
 */
export async function GET(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const cur = await currentUser();
  if (!cur) return NextResponse.json({ error: 'Sign in again.' }, { status: 401 });
  const after = req.nextUrl.searchParams.get('after') ?? '0';
  if (!OPERATION_CURSOR.test(after)) return NextResponse.json({ error: 'Bad cursor.' }, { status: 400 });
  try {
    const view = await operationView(deps(), cur.user, (await params).id, after);
    return NextResponse.json(view, { headers: { 'Cache-Control': 'no-store' } });
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') return NextResponse.json({ error: 'Not found.' }, { status: 404 });
    throw e;
  }
}
