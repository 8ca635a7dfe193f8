/**
 * Prisma 7 CLI configuration (prisma generate / migrate / db / studio).
 *
 * - Schema: prisma/schema.prisma; migrations: prisma/migrations (paths are relative to this file).
 * - Database: DATABASE_URL, defaulting to the local development database. Prisma 7 does not
 *   read `.env` files by itself: export DATABASE_URL, or run e.g.
 *   `node --env-file=.env node_modules/prisma/build/index.js migrate dev`.
 * - Schema engine: Prisma normally downloads a native `schema-engine` binary from its CDN,
 *   which is unreachable on this project's machines and CI. Unless you set
 *   PRISMA_SCHEMA_ENGINE_BINARY yourself, the CLI uses scripts/prisma-engine/schema-engine.mjs,
 *   a stand-in that runs the same engine compiled to WebAssembly (shipped in the `prisma`
 *   package). It is used always, not only offline: same engine, no download, one code path.
 *   To use a native engine instead, set PRISMA_SCHEMA_ENGINE_BINARY=/path/to/schema-engine.
 *   See scripts/prisma-engine/README.md.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));

if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(repoRoot, 'scripts', 'prisma-engine', 'schema-engine.mjs');
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
  },
  datasource: {
    url: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/kiln',
  },
});
