// Kiln's house rules (STYLE.md) as ESLint config blocks, in the spirit of create-t3-turbo's
// `tooling/eslint` (`restrictEnvAccess`, `no-restricted-imports`):
//   1. env is read only in packages/config                   -> no-restricted-properties
//   2. each outside system has exactly one owner package     -> no-restricted-imports (+ no-restricted-syntax for import())
//   3. apps/web never reaches PostgreSQL or Redis directly, nor SSH -> no-restricted-imports
//   4. no imports into another package's files               -> kiln/no-cross-package-import
// Flat config does not merge the options of one rule across blocks (the last block wins), so every
// file gets the root block (everything restricted) and each owning area one more block computed
// with the complete list of what it may still not import. A new package is restricted by default.
import { crossPackageImport } from './no-cross-package-import.mjs';

const SOURCES = '**/*.{ts,tsx,mts,cts,js,mjs,cjs}';

/** Outside clients and the only places allowed to import them. */
export const OWNERS = [
  { modules: ['ssh2'], owners: ['packages/ssh', 'packages/pve-sim'], why: 'SSH belongs to @kiln/ssh (the simulator runs its own SSH server)' },
  { modules: ['undici'], owners: ['packages/pve'], why: 'PVE HTTP belongs to @kiln/pve' },
  { modules: ['ioredis'], owners: ['packages/redis'], why: 'Redis belongs to @kiln/redis' },
  { modules: ['bullmq'], owners: ['packages/queue'], why: 'BullMQ belongs to @kiln/queue' },
  // Not Kiln's runtime: the migration stand-in engine and prisma.config.ts are run by the Prisma
  // CLI; the launcher (scripts/start.ts, scripts/lib/services.ts) creates and probes databases
  // before any migration has run, so before @kiln/db's client can work.
  {
    modules: ['@prisma/*', 'prisma', 'pg'],
    owners: ['packages/db', 'scripts/prisma-engine', 'prisma.config.ts', 'scripts/lib/services.ts', 'scripts/start.ts'],
    why: 'PostgreSQL belongs to @kiln/db',
  },
];

/** Modules one area may not import although their owner is a workspace package. */
const EXTRA = {
  'apps/web': [
    { modules: ['@kiln/db', '@kiln/redis'], why: 'apps/web reaches data through @kiln/services (issue #12: a thin web app)' },
    { modules: ['@kiln/ssh'], why: 'only the worker runs SSH: apps/web asks it through @kiln/services (a job on the interactive queue)' },
  ],
};

/**
 * Files allowed to read `process.env`, each with why. Everything else gets its settings from
 * @kiln/config (or, for scripts, from scripts/lib/config.ts, which hands the env to it).
 */
export const ENV_READERS = [
  ['packages/config/**', 'the owner: parses and validates the env once'],
  ['apps/web/src/instrumentation.ts', 'NEXT_RUNTIME is a constant Next inlines at build time to split node from edge code'],
  ['packages/pve-sim/src/cli.ts', 'the simulator CLI stands in for Proxmox, not Kiln; INIT_CWD is where `pnpm sim` was typed'],
  ['scripts/kiln.mjs', 'runs before dependencies are installed (no @kiln/config yet) and builds the env of its child'],
  ['scripts/lib/config.ts', "the scripts' one door to the env: hands it to @kiln/config and builds child envs"],
  ['scripts/prisma-engine/**', 'a plain-Node stand-in binary the Prisma CLI runs, with its own debug switches'],
  ['prisma.config.ts', 'read by the Prisma CLI, which takes DATABASE_URL from the env'],
  ['tests/setup/**', 'builds the per-run test env (own database, Redis prefix) before any Kiln module loads'],
  ['bench/**', 'benchmarks are processes scripts/bench.ts starts; it passes their inputs (web URL, pid) in their env'],
];

function restrictionsFor(area) {
  const rules = OWNERS.filter((o) => !o.owners.some((owner) => owner === area)).concat(EXTRA[area] ?? []);
  // A module and its subpaths ('ssh2', 'ssh2/lib/x'); a trailing '/*' names a scope ('@prisma/*').
  const regexOf = (modules) => `^(${modules.map((m) => (m.endsWith('/*') ? `${m.slice(0, -1)}` : `${m}($|/)`).replace(/\//g, '\\x2F')).join('|')})`;
  const patterns = rules.map((r) => ({ regex: regexOf(r.modules), message: `${r.why}: import it through that package.` }));
  patterns.push({ group: ['process', 'node:process'], importNames: ['env'], message: 'env is read once in @kiln/config: take a setting from getConfig() or as a parameter.' });
  // import('x') escapes no-restricted-imports; esquery's regex cannot hold a '/', hence \x2F above.
  const dynamic = rules.length
    ? [
        {
          selector: `ImportExpression[source.value=/${regexOf(rules.flatMap((r) => r.modules))}/]`,
          message: 'outside clients are imported only by their owner package (see tooling/eslint/house-rules.mjs).',
        },
      ]
    : [];
  return {
    'no-restricted-imports': ['error', { patterns }],
    'no-restricted-syntax': dynamic.length ? ['error', ...dynamic] : 'off',
  };
}

/** Areas (a unit or a file inside one) that own something, most specific last so they win. */
function areas() {
  const owned = new Set(OWNERS.flatMap((o) => o.owners));
  const all = [...new Set([...owned, ...Object.keys(EXTRA)])];
  return all.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

function filesOf(area) {
  return /\.[cm]?[jt]sx?$/.test(area) ? [area] : [`${area}/${SOURCES}`];
}

export const houseRules = [
  {
    name: 'kiln/house-rules/root',
    files: [SOURCES],
    plugins: { kiln: { rules: { 'no-cross-package-import': crossPackageImport } } },
    rules: {
      ...restrictionsFor('.'),
      'kiln/no-cross-package-import': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'env is read once in @kiln/config: take a setting from getConfig() or as a parameter (exceptions: ENV_READERS in tooling/eslint/house-rules.mjs).',
        },
      ],
    },
  },
  ...areas().map((area) => ({ name: `kiln/house-rules/${area}`, files: filesOf(area), rules: restrictionsFor(area) })),
  ...ENV_READERS.map(([files]) => ({ name: `kiln/env-reader/${files}`, files: [files], rules: { 'no-restricted-properties': 'off' } })),
];
