import type { DataDeps } from '../deps';

export type DependencyChecks = { database: 'ok' | 'error'; redis: 'ok' | 'error' };

/** One round trip to each store, for the health route (docker-compose healthchecks, the start script). */
export async function checkDependencies(deps: DataDeps): Promise<DependencyChecks> {
  const [database, redis] = await Promise.all([
    deps.db.$queryRaw`SELECT 1`.then(
      () => 'ok' as const,
      () => 'error' as const,
    ),
    deps.redis.ping().then(
      () => 'ok' as const,
      () => 'error' as const,
    ),
  ]);
  return { database, redis };
}
