// `pnpm bench`: builds, starts the stack on a bench database, then runs every bench file
// (bench/*.bench.ts, packages/*/bench/*.bench.ts, apps/*/bench/*.bench.ts). Each prints
// `name: value unit` lines; this script adds the process-level figures.
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { applyEnvironment, testEnvironment } from '../tests/setup/env';
import { clearRedisPrefix, dropRunDatabase, prepareDatabase, startTestStack } from '../tests/setup/stack';
import { buildAll } from './lib/build';
import { childEnv, loadConfig } from './lib/config';
import { BIN, ROOT } from './lib/paths';
import { fmt, treeRssMiB } from './lib/proc-stats';
import { run, StepError } from './lib/run';
import { ensureServices } from './lib/services';

function benchFiles(): string[] {
  const files: string[] = [];
  const add = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir)) if (f.endsWith('.bench.ts')) files.push(path.join(dir, f));
  };
  add(path.join(ROOT, 'bench'));
  for (const group of ['packages', 'apps']) {
    for (const pkg of readdirSync(path.join(ROOT, group))) add(path.join(ROOT, group, pkg, 'bench'));
  }
  return files;
}

async function main() {
  const env = testEnvironment('bench');
  applyEnvironment(env);
  const cfg = loadConfig();
  await ensureServices(cfg.DATABASE_URL, cfg.REDIS_URL);
  await buildAll(childEnv(cfg));
  await prepareDatabase();
  const filter = process.argv[2];

  const stack = await startTestStack();
  let failures = 0;
  try {
    await new Promise((r) => setTimeout(r, 3000)); // let both settle before reading memory
    console.log(`web RSS after start: ${fmt(treeRssMiB(stack.web.pid!))} MB`);
    console.log(`worker RSS idle: ${fmt(treeRssMiB(stack.worker.pid!))} MB`);
    // Health checks load only the small health entry; the first page loads the rest of the app.
    await fetch(new URL('/login', stack.url)).then(
      (r) => r.text(),
      () => undefined,
    );
    await new Promise((r) => setTimeout(r, 1000));
    console.log(`web RSS after the first page (sign-in): ${fmt(treeRssMiB(stack.web.pid!))} MB`);
    for (const file of benchFiles()) {
      if (filter && !file.includes(filter)) continue;
      console.log(`# ${path.relative(ROOT, file)}`);
      const code = await run(BIN('tsx'), [file], {
        env: { ...childEnv(cfg), ...env, KILN_BENCH_WEB_URL: stack.url, KILN_BENCH_WEB_PID: String(stack.web.pid), KILN_BENCH_WORKER_PID: String(stack.worker.pid) },
      });
      if (code !== 0) {
        failures++;
        console.error(`# ${path.relative(ROOT, file)} failed (exit ${code})`);
      }
    }
  } finally {
    await stack.stop();
    await clearRedisPrefix();
    await dropRunDatabase();
  }
  if (failures) throw new StepError(`${failures} benchmark file(s) failed`);
}

main().catch((e: unknown) => {
  console.error(`kiln: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
