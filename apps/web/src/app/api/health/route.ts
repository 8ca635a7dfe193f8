import { NextResponse } from 'next/server';
import { checkDependencies } from '@kiln/services/health';
import { deps } from '@/server/deps';

export const dynamic = 'force-dynamic';

/**
 * Liveness + dependencies, for docker-compose healthchecks and the start script. It imports only
 * the small health entry: answering it does not load SSH, PVE or queue code into the web process.
 */
export async function GET() {
  const checks = await checkDependencies(deps());
  const ok = Object.values(checks).every((v) => v === 'ok');
  return NextResponse.json({ status: ok ? 'ok' : 'degraded', checks }, { status: ok ? 200 : 503 });
}
