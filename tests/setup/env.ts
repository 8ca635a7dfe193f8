import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/paths';

export type TestKind = 'integration' | 'e2e' | 'bench';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The environment of a test run: its own database (recreated by the setup), its own Redis key
 * prefix, its own data dir. Never the user's `kiln` database.
 */
export function testEnvironment(kind: TestKind): Record<string, string> {
  const base = process.env.KILN_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kiln_test';
  const runId = process.env.KILN_TEST_RUN_ID ?? randomBytes(4).toString('hex');
  // One database per run, so concurrent runs (two terminals, a helper script) never collide.
  const dbName = `${new URL(base).pathname.slice(1).replace(/_test$/, '')}_${kind === 'integration' ? 'test' : kind}_${runId}`;
  return {
    KILN_TEST_RUN_ID: runId,
    DATABASE_URL: withDatabase(base, dbName),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `kiln-test:${runId}:${kind}:`,
    KILN_DATA_DIR: path.join(ROOT, '.kiln', kind),
    LOG_LEVEL: 'warn',
    // The simulator listens on 127.0.0.1; tests of the loopback refusal start their own stack with 0.
    KILN_ALLOW_LOOPBACK_NODES: '1',
    // Scheduled update checks would run apt in other tests' containers; tests check on request.
    KILN_UPDATE_CHECKS: 'off',
  };
}

export function applyEnvironment(env: Record<string, string>): void {
  for (const [k, v] of Object.entries(env)) process.env[k] = v;
}
