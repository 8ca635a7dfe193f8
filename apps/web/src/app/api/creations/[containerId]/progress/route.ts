import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { creationProgress } from '@/features/provisioning/queries';
import { currentUser } from '@/server/session';

export const dynamic = 'force-dynamic';

/** Live progress for the owner: step states, new output since `after`, the event log. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ containerId: string }> }) {
  const cur = await currentUser();
  if (!cur) return NextResponse.json({ error: 'Sign in again.' }, { status: 401 });
  const { containerId } = await params;
  if (!z.uuid().safeParse(containerId).success) return NextResponse.json({ error: 'Not found.' }, { status: 404 });
  const after = req.nextUrl.searchParams.get('after') ?? '0';
  if (!/^(0|\d+-\d+)$/.test(after)) return NextResponse.json({ error: 'Bad cursor.' }, { status: 400 });
  const progress = await creationProgress(cur.user.id, containerId, after);
  if (!progress) return NextResponse.json({ error: 'Not found.' }, { status: 404 });
  return NextResponse.json(progress, { headers: { 'Cache-Control': 'no-store' } });
}
