import { NextResponse } from 'next/server';
import { getDb, getRedis } from '@/server/services';

export const dynamic = 'force-dynamic';

/** Liveness + dependencies, for docker-compose healthchecks and the start script. */
export async function GET() {
  const checks: Record<string, 'ok' | 'error'> = {};
  await Promise.all([
    getDb().$queryRaw`SELECT 1`.then(() => (checks.database = 'ok'), () => (checks.database = 'error')),
    getRedis().ping().then(() => (checks.redis = 'ok'), () => (checks.redis = 'error')),
  ]);
  const ok = Object.values(checks).every((v) => v === 'ok');
  return NextResponse.json({ status: ok ? 'ok' : 'degraded', checks }, { status: ok ? 200 : 503 });
}
