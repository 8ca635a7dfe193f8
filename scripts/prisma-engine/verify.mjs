#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0 OR MIT
/**
 * verify.mjs: end-to-end check that the Prisma CLI works offline with the wasm
 * schema-engine stand-in (scripts/prisma-engine/schema-engine.mjs) and the
 * repository's prisma.config.ts.
 *
 * Everything happens in a temporary directory and in throwaway databases named
 * kiln_engine_test_<random>, which are dropped at the end. The real prisma/ folder
 * and the real databases are never touched. Prints one line per check, then
 * "N passed, M failed"; exits non-zero if any check failed.
 *
 * Usage:  node scripts/prisma-engine/verify.mjs [--keep] [--pnpm]
 *   --keep   keep the temporary directory (its path is printed) and the databases
 *   --pnpm   run the CLI as `corepack pnpm exec prisma` instead of
 *            `node node_modules/prisma/build/index.js` (same CLI, slower)
 * Environment:
 *   VERIFY_PG_URL  server to use (default postgresql://postgres@127.0.0.1:5432/postgres);
 *                  the user must be allowed to create databases.
 */

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pg = require('pg');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const ENGINE = path.join(HERE, 'schema-engine.mjs');
const REPO_CONFIG = path.join(REPO, 'prisma.config.ts');
const PRISMA_CLI = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
// The temporary project has no node_modules: its config imports prisma/config by path.
const PRISMA_CONFIG_MODULE = require.resolve('prisma/config');
const KEEP = process.argv.includes('--keep');
const VIA_PNPM = process.argv.includes('--pnpm');
const BASE_URL = process.env.VERIFY_PG_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const STEP_TIMEOUT_MS = 180_000;

// ---------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------

let passed = 0;
let failed = 0;
let n = 0;

function check(name, ok, detail = '') {
  n += 1;
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!ok && detail) console.log(indent(String(detail).trim().slice(-4000)));
  return ok;
}

const indent = (text) =>
  text
    .split('\n')
    .map((l) => `    # ${l}`)
    .join('\n');

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const rand = randomBytes(4).toString('hex');
const dbMain = `kiln_engine_test_${rand}_dev`;
const dbFresh = `kiln_engine_test_${rand}_deploy`;
const urlFor = (db) => {
  const u = new URL(BASE_URL);
  u.pathname = `/${db}`;
  return u.toString();
};
const pgFields = (db) => ({ connectionString: urlFor(db) });

async function sql(db, text, params) {
  const client = new pg.Client(pgFields(db));
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function shadowDatabases() {
  const rows = await sql('postgres', "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'");
  return new Set(rows.map((r) => r.datname));
}

async function dropDatabase(db) {
  await sql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => sql('postgres', `DROP DATABASE IF EXISTS "${db}"`));
}

/** Run the Prisma CLI from the repository root, as a developer would. */
function prisma(args, { databaseUrl, config } = {}) {
  const env = { ...process.env, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0', COREPACK_INTEGRITY_KEYS: '0', NO_COLOR: '1', CI: '1' };
  // Exercise prisma.config.ts' own engine selection: nothing pre-set.
  delete env.PRISMA_SCHEMA_ENGINE_BINARY;
  delete env.FORCE_COLOR;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const fullArgs = [...args, ...(config ? ['--config', config] : [])];
  const [cmd, argv] = VIA_PNPM ? ['corepack', ['pnpm', 'exec', 'prisma', ...fullArgs]] : [process.execPath, [PRISMA_CLI, ...fullArgs]];
  const r = spawnSync(cmd, argv, { cwd: REPO, env, encoding: 'utf8', timeout: STEP_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`;
  return { code: r.status, stdout: r.stdout ?? '', output };
}

const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function migrationDirs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

async function checksumsMatch(db, migrationsDir) {
  const rows = await sql(db, 'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name');
  const mismatches = rows.filter((r) => r.checksum !== sha256(path.join(migrationsDir, r.migration_name, 'migration.sql')));
  return { rows, mismatches };
}

// ---------------------------------------------------------------------------
// The throwaway project
// ---------------------------------------------------------------------------

const SCHEMA_V1 = `generator client {
  provider = "prisma-client"
  output   = "../generated"
}

datasource db {
  provider = "postgresql"
}

enum Role {
  ADMIN
  MEMBER
}

enum PostState {
  DRAFT
  PUBLISHED
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  role      Role     @default(MEMBER)
  settings  Json     @default("{}")
  createdAt DateTime @default(now()) @db.Timestamptz(6)
  posts     Post[]
}

model Post {
  id        Int       @id @default(autoincrement())
  authorId  Int
  slug      String
  state     PostState @default(DRAFT)
  meta      Json?
  updatedAt DateTime  @updatedAt @db.Timestamptz(3)
  author    User      @relation(fields: [authorId], references: [id], onDelete: Cascade)

  @@unique([authorId, slug])
  @@index([state])
}
`;

// Second version: a new column, a new enum value and a new model whose default
// contains ";" and "--" (a naive statement splitter would break it).
const SCHEMA_V2 = SCHEMA_V1.replace('  MEMBER\n}', '  MEMBER\n  GUEST\n}').replace('  posts     Post[]\n}', '  posts     Post[]\n  lastSeen  DateTime? @db.Timestamptz(6)\n}').concat(`
model Tag {
  id   Int    @id @default(autoincrement())
  name String @unique
  note String @default("a;b -- not a comment; it's fine")
}
`);

function writeProject(dir) {
  fs.mkdirSync(path.join(dir, 'prisma'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'prisma', 'schema.prisma'), SCHEMA_V1);
  // The repository's prisma.config.ts is imported for its engine selection (it sets
  // PRISMA_SCHEMA_ENGINE_BINARY); only the paths and the URL differ here.
  fs.writeFileSync(
    path.join(dir, 'prisma.config.ts'),
    `import ${JSON.stringify(REPO_CONFIG)};
import { defineConfig } from ${JSON.stringify(PRISMA_CONFIG_MODULE)};

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
`,
  );
}

// ---------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------

async function main() {
  console.log(`# schema-engine stand-in verification (databases ${dbMain}, ${dbFresh})`);

  // Preconditions.
  try {
    await sql('postgres', 'SELECT 1');
  } catch (e) {
    check('PostgreSQL is reachable (VERIFY_PG_URL)', false, e.message);
    return;
  }

  // 1. The stand-in itself.
  const mode = fs.statSync(ENGINE).mode;
  check('schema-engine.mjs is executable', (mode & 0o111) !== 0);
  const v = spawnSync(ENGINE, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  check('schema-engine.mjs --version prints "schema-engine-cli <hash>"', v.status === 0 && /^schema-engine-cli [0-9a-f]{40}\n$/.test(v.stdout), v.stdout + v.stderr);
  const cc = spawnSync(ENGINE, ['--datasource', JSON.stringify({ url: urlFor(dbMain) }), 'cli', 'can-connect-to-database'], { encoding: 'utf8', timeout: 60_000 });
  const ccLines = cc.stderr.trim().split('\n').slice(1);
  let ccParsed = [];
  try {
    ccParsed = ccLines.map((l) => JSON.parse(l));
  } catch {
    /* reported below */
  }
  check(
    'cli can-connect-to-database reports P1003 for a missing database (JSON log lines on stderr)',
    cc.status === 1 && ccParsed.some((l) => l.level === 'ERROR' && l.target === 'schema_engine::logger' && l.fields?.error_code === 'P1003'),
    cc.stderr,
  );

  // 2. The repository's prisma.config.ts selects the stand-in when nothing is set.
  const version = prisma(['-v']);
  check(
    'repo prisma.config.ts makes the CLI use scripts/prisma-engine/schema-engine.mjs',
    version.code === 0 && /Schema Engine\s*:\s*schema-engine-cli [0-9a-f]{40} \(at scripts\/prisma-engine\/schema-engine\.mjs/.test(version.output),
    version.output,
  );

  // 3. Throwaway project.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-prisma-engine-'));
  const config = path.join(dir, 'prisma.config.ts');
  const migrations = path.join(dir, 'prisma', 'migrations');
  const schemaFile = path.join(dir, 'prisma', 'schema.prisma');
  writeProject(dir);
  const shadowBefore = await shadowDatabases();

  try {
    const gen = prisma(['generate'], { config, databaseUrl: urlFor(dbMain) });
    check('prisma generate', gen.code === 0 && fs.existsSync(path.join(dir, 'generated', 'client.ts')), gen.output);

    // migrate dev on a database that does not exist yet: the CLI creates it.
    const dev1 = prisma(['migrate', 'dev', '--name', 'init'], { config, databaseUrl: urlFor(dbMain) });
    const dirs1 = migrationDirs(migrations);
    check('migrate dev --name init creates the database and one migration', dev1.code === 0 && dirs1.length === 1 && /_init$/.test(dirs1[0] ?? ''), dev1.output);
    const lock = path.join(migrations, 'migration_lock.toml');
    check('migration_lock.toml says provider = "postgresql"', fs.existsSync(lock) && /provider = "postgresql"/.test(fs.readFileSync(lock, 'utf8')));
    const sql1 = dirs1[0] ? fs.readFileSync(path.join(migrations, dirs1[0], 'migration.sql'), 'utf8') : '';
    check(
      'init migration has enums, relation, composite unique, JSONB and TIMESTAMPTZ',
      /CREATE TYPE "Role" AS ENUM/.test(sql1) &&
        /FOREIGN KEY \("authorId"\) REFERENCES "User"\("id"\) ON DELETE CASCADE/.test(sql1) &&
        /CREATE UNIQUE INDEX "Post_authorId_slug_key" ON "Post"\("authorId", "slug"\)/.test(sql1) &&
        /"settings" JSONB NOT NULL DEFAULT '\{\}'/.test(sql1) &&
        /"createdAt" TIMESTAMPTZ\(6\) NOT NULL/.test(sql1),
      sql1,
    );
    let cs = await checksumsMatch(dbMain, migrations).catch((e) => ({ rows: [], mismatches: [e.message] }));
    check('_prisma_migrations has 1 applied row; checksum = sha256(migration.sql)', cs.rows.length === 1 && cs.mismatches.length === 0, JSON.stringify(cs));

    // Data that must survive the next migrate dev (its shadow database must not be the main one).
    await sql(dbMain, `INSERT INTO "User"(email) VALUES ('sentinel@example.test')`).catch(() => {});

    fs.writeFileSync(schemaFile, SCHEMA_V2);
    const dev2 = prisma(['migrate', 'dev', '--name', 'add_tag'], { config, databaseUrl: urlFor(dbMain) });
    const dirs2 = migrationDirs(migrations);
    check('second migrate dev adds a second migration', dev2.code === 0 && dirs2.length === 2 && /_add_tag$/.test(dirs2[1] ?? ''), dev2.output);
    const sentinel = await sql(dbMain, `SELECT email FROM "User"`).catch(() => []);
    check('main database kept its data (shadow database was separate)', sentinel.length === 1 && sentinel[0].email === 'sentinel@example.test');
    const tag = await sql(dbMain, `SELECT column_default FROM information_schema.columns WHERE table_name = 'Tag' AND column_name = 'note'`).catch(() => []);
    check('a default containing ";" and "--" survived (scripts run whole, not split)', /a;b -- not a comment; it''s fine/.test(tag[0]?.column_default ?? ''), JSON.stringify(tag));
    cs = await checksumsMatch(dbMain, migrations).catch((e) => ({ rows: [], mismatches: [e.message] }));
    check('_prisma_migrations has 2 applied rows with matching checksums', cs.rows.length === 2 && cs.mismatches.length === 0, JSON.stringify(cs));

    const status = prisma(['migrate', 'status'], { config, databaseUrl: urlFor(dbMain) });
    check('migrate status: up to date (exit 0)', status.code === 0 && /Database schema is up to date/.test(status.output), status.output);

    const noop = prisma(['migrate', 'diff', '--from-migrations', migrations, '--to-schema', schemaFile, '--exit-code'], { config, databaseUrl: urlFor(dbMain) });
    check('migrate diff --from-migrations (shadow database) finds no difference', noop.code === 0, noop.output);

    // migrate deploy on a fresh database.
    const deploy = prisma(['migrate', 'deploy'], { config, databaseUrl: urlFor(dbFresh) });
    check('migrate deploy on a fresh database applies both migrations', deploy.code === 0 && /All migrations have been successfully applied/.test(deploy.output), deploy.output);
    cs = await checksumsMatch(dbFresh, migrations).catch((e) => ({ rows: [], mismatches: [e.message] }));
    check('fresh database: 2 rows in _prisma_migrations, checksums match', cs.rows.length === 2 && cs.mismatches.length === 0, JSON.stringify(cs));
    const freshStatus = prisma(['migrate', 'status'], { config, databaseUrl: urlFor(dbFresh) });
    check('migrate status on the fresh database: up to date', freshStatus.code === 0 && /Database schema is up to date/.test(freshStatus.output), freshStatus.output);

    const diff = prisma(['migrate', 'diff', '--from-empty', '--to-schema', schemaFile, '--script'], { config, databaseUrl: urlFor(dbMain) });
    check(
      'migrate diff --from-empty --to-schema --script prints the SQL on stdout',
      diff.code === 0 && /CREATE TABLE "Tag"/.test(diff.stdout) && /CREATE TYPE "PostState" AS ENUM/.test(diff.stdout) && /TIMESTAMPTZ\(3\)/.test(diff.stdout),
      diff.output,
    );

    // A failing migration: non-zero exit, P3018, recorded as failed, rolled back as a whole.
    const broken = path.join(migrations, '29991231235959_broken');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE "ShouldNotExist" (id INTEGER);\nSELECT * FROM "no_such_table";\n');
    const bad = prisma(['migrate', 'deploy'], { config, databaseUrl: urlFor(dbFresh) });
    check(
      'a failing migration makes migrate deploy exit non-zero with P3018',
      bad.code !== 0 && /P3018/.test(bad.output) && /29991231235959_broken/.test(bad.output) && /no_such_table/.test(bad.output),
      bad.output,
    );
    const failedRow = await sql(dbFresh, `SELECT finished_at, logs FROM _prisma_migrations WHERE migration_name = '29991231235959_broken'`).catch(() => []);
    check('the failed migration is recorded unfinished in _prisma_migrations', failedRow.length === 1 && failedRow[0].finished_at === null, JSON.stringify(failedRow));
    const leftover = await sql(dbFresh, `SELECT to_regclass('"ShouldNotExist"') AS t`).catch(() => [{ t: 'error' }]);
    check('the failed migration left no partial changes', leftover[0]?.t === null, JSON.stringify(leftover));
    const badStatus = prisma(['migrate', 'status'], { config, databaseUrl: urlFor(dbFresh) });
    check('migrate status reports the failed migration (exit non-zero)', badStatus.code !== 0 && /29991231235959_broken/.test(badStatus.output), badStatus.output);

    const shadowAfter = await shadowDatabases();
    const orphans = [...shadowAfter].filter((d) => !shadowBefore.has(d));
    check('no temporary shadow database left behind', orphans.length === 0, orphans.join(', '));
  } finally {
    if (KEEP) {
      console.log(`# kept ${dir} and databases ${dbMain}, ${dbFresh}`);
    } else {
      fs.rmSync(dir, { recursive: true, force: true });
      for (const db of [dbMain, dbFresh]) await dropDatabase(db).catch((e) => console.log(`# could not drop ${db}: ${e.message}`));
    }
  }
}

try {
  await main();
} catch (e) {
  check('verification ran to the end', false, e?.stack ?? String(e));
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
