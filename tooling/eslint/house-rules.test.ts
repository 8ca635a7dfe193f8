// The house rules fail the lint when broken: snippets linted with the repository's own
// eslint.config.mjs, as if they were files at the given paths.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HOUSE_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax', 'no-restricted-properties', 'kiln/no-cross-package-import']);
const eslint = new ESLint({ cwd: ROOT });

// The first lint loads the config and its parsers (seconds on a busy machine); the cases after it take milliseconds.
beforeAll(() => eslint.lintText('', { filePath: path.join(ROOT, 'packages/core/src/x.ts') }), 120_000);

/** The house-rule findings for `code` placed at `file` (other rules, such as unused imports, aside). */
async function houseRuleErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  if (!result) throw new Error('ESLint returned no result');
  const fatal = result.messages.filter((m) => m.fatal || m.ruleId === null);
  if (fatal.length) throw new Error(`not linted: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages.filter((m) => m.severity === 2 && HOUSE_RULES.has(m.ruleId ?? '')).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('outside clients are imported only by their owner package', () => {
  const cases: { module: string; code: string; owners: string[]; others: string[] }[] = [
    {
      module: 'ssh2',
      code: "import { Client } from 'ssh2';",
      owners: ['packages/ssh/src/x.ts', 'packages/pve-sim/src/ssh/x.ts'],
      others: ['packages/services/src/x.ts', 'apps/worker/src/x.ts', 'tests/integration/x.int.test.ts'],
    },
    { module: 'ioredis', code: "import { Redis } from 'ioredis';", owners: ['packages/redis/src/x.ts'], others: ['packages/services/src/x.ts', 'packages/queue/src/x.ts', 'apps/web/src/x.ts'] },
    { module: 'bullmq', code: "import { Queue } from 'bullmq';", owners: ['packages/queue/src/x.ts'], others: ['apps/worker/src/x.ts', 'packages/services/src/x.ts'] },
    { module: 'undici', code: "import { Agent } from 'undici';", owners: ['packages/pve/src/x.ts'], others: ['packages/services/src/x.ts', 'packages/pve-sim/src/x.ts', 'apps/web/src/x.ts'] },
    {
      module: '@prisma/client',
      code: "import { PrismaClient } from '@prisma/client';",
      owners: ['packages/db/src/x.ts'],
      others: ['packages/services/src/x.ts', 'apps/web/src/x.ts', 'tests/integration/x.int.test.ts'],
    },
    { module: '@prisma/adapter-pg', code: "import { PrismaPg } from '@prisma/adapter-pg';", owners: ['packages/db/src/x.ts'], others: ['packages/auth/src/x.ts'] },
  ];
  for (const c of cases) {
    it(`${c.module}: an error outside ${c.owners.join(', ')}`, async () => {
      for (const file of c.others) expect(await houseRuleErrors(file, c.code), file).toEqual([expect.stringMatching(/^no-restricted-imports: .*belongs to @kiln\//)]);
    });
    it(`${c.module}: allowed in ${c.owners.join(', ')}`, async () => {
      for (const file of c.owners) expect(await houseRuleErrors(file, c.code), file).toEqual([]);
    });
  }

  it('a subpath and a dynamic import() are caught too', async () => {
    expect(await houseRuleErrors('packages/services/src/x.ts', "import { utils } from 'ssh2/lib/keyParser';")).toHaveLength(1);
    expect(await houseRuleErrors('packages/auth/src/x.ts', "export const load = () => import('ioredis');")).toEqual([expect.stringMatching(/^no-restricted-syntax: /)]);
    expect(await houseRuleErrors('packages/redis/src/x.ts', "export const load = () => import('ioredis');")).toEqual([]);
  });

  it('a module whose name merely contains an owned one is not caught', async () => {
    expect(await houseRuleErrors('packages/services/src/x.ts', "import { x } from './prisma';\nimport { y } from 'pg-connection-string';")).toEqual([]);
  });
});

describe('apps/web reaches data only through @kiln/services', () => {
  it('@kiln/db and @kiln/redis are errors in apps/web', async () => {
    expect(await houseRuleErrors('apps/web/src/x.ts', "import { getDb } from '@kiln/db';")).toEqual([expect.stringMatching(/^no-restricted-imports: .*@kiln\/services/)]);
    expect(await houseRuleErrors('apps/web/src/features/x/queries.ts', "import { getRedis } from '@kiln/redis';")).toHaveLength(1);
    expect(await houseRuleErrors('apps/web/server/x.ts', "import type { Db } from '@kiln/db';")).toHaveLength(1);
  });

  it('@kiln/ssh is an error in apps/web (only the worker runs SSH), and fine in services and the worker', async () => {
    expect(await houseRuleErrors('apps/web/src/features/nodes/actions/x.ts', "import { probeHostKey } from '@kiln/ssh';")).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*only the worker runs SSH/),
    ]);
    expect(await houseRuleErrors('apps/web/src/x.ts', "export const load = () => import('@kiln/ssh');")).toHaveLength(1);
    expect(await houseRuleErrors('packages/services/src/x.ts', "import { probeHostKey } from '@kiln/ssh';")).toEqual([]);
    expect(await houseRuleErrors('apps/worker/src/x.ts', "import { probeHostKey } from '@kiln/ssh';")).toEqual([]);
  });

  it('@kiln/services is fine in apps/web, and @kiln/db is fine in services and the worker', async () => {
    expect(await houseRuleErrors('apps/web/src/x.ts', "import { ContainerServices } from '@kiln/services';")).toEqual([]);
    expect(await houseRuleErrors('packages/services/src/x.ts', "import { getDb } from '@kiln/db';")).toEqual([]);
    expect(await houseRuleErrors('apps/worker/src/x.ts', "import { getDb } from '@kiln/db';\nimport { getRedis } from '@kiln/redis';")).toEqual([]);
  });
});

describe('env is read only in packages/config', () => {
  it('process.env is an error in a package, in the apps and in tests', async () => {
    for (const file of ['packages/services/src/x.ts', 'apps/worker/src/x.ts', 'apps/web/src/x.ts', 'tests/integration/x.int.test.ts']) {
      expect(await houseRuleErrors(file, 'export const x = process.env.X;'), file).toEqual([expect.stringMatching(/^no-restricted-properties: .*@kiln\/config/)]);
    }
  });

  it('destructuring and importing env from node:process are errors too', async () => {
    expect(await houseRuleErrors('packages/services/src/x.ts', 'const { env } = process;\nexport const x = env.X;')).toHaveLength(1);
    expect(await houseRuleErrors('packages/services/src/x.ts', "import { env } from 'node:process';\nexport const x = env.X;")).toHaveLength(1);
  });

  it('packages/config reads it', async () => {
    expect(await houseRuleErrors('packages/config/src/x.ts', 'export const x = process.env.X;')).toEqual([]);
  });
});

describe("no imports into another package's files", () => {
  it('a relative path into another package is an error, from tests and from packages', async () => {
    expect(await houseRuleErrors('tests/integration/x.int.test.ts', "import { getDb } from '../../packages/db/src/client';")).toEqual([
      expect.stringMatching(/^kiln\/no-cross-package-import: .*packages\/db/),
    ]);
    expect(await houseRuleErrors('bench/x.bench.ts', "const { getDb } = await import('../packages/db/src/index');\nexport { getDb };")).toHaveLength(1);
    expect(await houseRuleErrors('packages/ssh/src/x.test.ts', "import { parseShellWords } from '../../pve-sim/src/ssh/shell-words';")).toHaveLength(1);
  });

  it("@kiln/<pkg>/src/... is an error: only the package's export entries are public", async () => {
    expect(await houseRuleErrors('tests/integration/x.int.test.ts', "import { getDb } from '@kiln/db/src/client';")).toHaveLength(1);
  });

  it('the package name, an export entry, and paths inside one package are fine', async () => {
    expect(
      await houseRuleErrors(
        'tests/integration/x.int.test.ts',
        "import { getDb } from '@kiln/db';\nimport { startTestNode } from '@kiln/pve-sim/testing';\nimport { makeUser } from '../helpers/users';",
      ),
    ).toEqual([]);
    expect(await houseRuleErrors('packages/db/test/x.test.ts', "import { getDb } from '../src/client';")).toEqual([]);
  });
});
