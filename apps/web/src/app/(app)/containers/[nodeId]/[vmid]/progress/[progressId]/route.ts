import { NextResponse } from 'next/server';
import { readProgress } from '@kiln/services';
import { progressIdSchema } from '@/features/container-detail/schemas';
import { currentUser } from '@/server/session';
import { deps } from '@/server/services';

export const dynamic = 'force-dynamic';

/**
 * Live progress of the signed-in user's running container action (the PVE task log so far).
 * A plain GET because the browser polls it while the action itself is still pending, and
 * Next.js runs one server action at a time per page. Keys are per user: no one reads another's.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ progressId: string }> }) {
  const cur = await currentUser();
  if (!cur) return NextResponse.json({ error: 'Sign in again.' }, { status: 401 });
  const id = progressIdSchema.safeParse((await params).progressId);
  if (!id.success) return NextResponse.json({ error: 'Not found' }, { status: 404 });
  const progress = await readProgress(deps().redis, cur.user.id, id.data);
  return NextResponse.json({ progress }, { headers: { 'cache-control': 'no-store' } });
}
