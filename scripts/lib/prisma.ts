import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, ROOT } from './paths';
import { runOrThrow } from './run';

const SCHEMA = path.join(ROOT, 'prisma/schema.prisma');
const GENERATED = path.join(ROOT, 'packages/db/src/generated/client.ts');
const STAMP = path.join(ROOT, 'node_modules/.cache/kiln/prisma-schema.sha256');

/** Generates the Prisma client when the schema changed since the last generation. */
export async function prismaGenerate(env: NodeJS.ProcessEnv): Promise<void> {
  const hash = createHash('sha256').update(readFileSync(SCHEMA)).digest('hex');
  if (existsSync(GENERATED) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) return;
  await runOrThrow('prisma generate', BIN('prisma'), ['generate'], { env, quiet: true });
  mkdirSync(path.dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, hash);
}

/** Applies pending migrations (offline-capable engine, see scripts/prisma-engine). */
export async function prismaMigrateDeploy(databaseUrl: string, env: NodeJS.ProcessEnv): Promise<void> {
  await runOrThrow('prisma migrate deploy', BIN('prisma'), ['migrate', 'deploy'], { env: { ...env, DATABASE_URL: databaseUrl }, quiet: true });
}
