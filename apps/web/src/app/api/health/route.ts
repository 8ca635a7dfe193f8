import { NextResponse } from 'next/server';
import { checkDependencies } from '@kiln/services';
import { deps } from '@/server/services';

export const dynamic = 'force-dynamic';

/** Liveness + dependencies, for docker-compose healthchecks and the start script. */
export async function GET() {
  const checks = await checkDependencies(deps());
  const ok = Object.values(checks).every((v) => v === 'ok');
  return NextResponse.json({ status: ok ? 'ok' : 'degraded', checks }, { status: ok ? 200 : 503 });
}
