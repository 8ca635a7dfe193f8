// `npm test`: the same setup as `npm start`, then typecheck, lint, build, unit, integration and e2e.
// Ends with one line "N passed, N failed" summing every suite.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildAll } from './lib/build';
import { childEnv, inheritedEnv, launcherSetting, loadConfig } from './lib/config';
import { ensureChromium } from './lib/chromium';
import { BIN, ROOT } from './lib/paths';
import { prismaGenerate } from './lib/prisma';
import { run, StepError } from './lib/run';
import { dropStaleTestDatabases, ensureServices } from './lib/services';

interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  note?: string;
  /** Failed tests as "file › test: first line of the error", repeated in the summary so a log's tail names them. */
  failures?: string[];
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numFailedTestSuites: number;
  testResults?: { name: string; message?: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[] }[];
}

const results: SuiteResult[] = [];
const reportDir = path.join(ROOT, 'artifacts/test-results');

async function check(name: string, fn: () => Promise<void>): Promise<boolean> {
  console.log(`\n=== ${name} ===`);
  try {
    await fn();
    results.push({ name, passed: 1, failed: 0 });
    return true;
  } catch (e) {
    results.push({ name, passed: 0, failed: 1, note: e instanceof Error ? e.message : String(e) });
    console.error(`${name} failed: ${e instanceof Error ? e.message : e}`);
    return false;
  }
}

async function vitestSuite(project: 'unit' | 'integration' | 'e2e', env: NodeJS.ProcessEnv): Promise<void> {
  console.log(`\n=== ${project} tests ===`);
  const out = path.join(reportDir, `${project}.json`);
  rmSync(out, { force: true });
  const code = await run(BIN('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], { env });
  if (!existsSync(out)) {
    results.push({ name: project, passed: 0, failed: 1, note: `vitest exited with ${code} before reporting` });
    return;
  }
  const report = JSON.parse(readFileSync(out, 'utf8')) as VitestReport;
  // A file that fails to load counts as a failure even when it had no tests to report.
  const failed = report.numFailedTests + (report.numFailedTests === 0 && code !== 0 ? Math.max(1, report.numFailedTestSuites) : 0);
  results.push({ name: project, passed: report.numPassedTests, failed, failures: failuresOf(report) });
}

function failuresOf(report: VitestReport): string[] {
  const firstLine = (text = '') => text.split('\n').find((l) => l.trim() !== '') ?? '';
  const out: string[] = [];
  for (const file of report.testResults ?? []) {
    const where = path.relative(ROOT, file.name);
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests) out.push(`${where} › ${t.fullName}: ${firstLine(t.failureMessages?.[0]).slice(0, 300)}`);
    if (failedTests.length === 0 && file.message) out.push(`${where}: ${firstLine(file.message).slice(0, 300)}`);
  }
  return out;
}

async function main() {
  const started = Date.now();
  mkdirSync(reportDir, { recursive: true });
  const runId = randomBytes(4).toString('hex');
  const base = loadConfig(inheritedEnv({ KILN_DATA_DIR: path.join(ROOT, '.kiln/test') }));
  const env = childEnv(base, { KILN_TEST_RUN_ID: runId, KILN_DATA_DIR: path.join(ROOT, '.kiln/test') });
  delete env.NODE_ENV;

  await ensureServices(base.DATABASE_URL, base.REDIS_URL);
  await dropStaleTestDatabases(launcherSetting('KILN_TEST_DATABASE_URL') ?? 'postgresql://postgres@127.0.0.1:5432/kiln_test');
  await ensureChromium();
  await prismaGenerate(env);

  await check('typecheck', async () => {
    const a = await run(BIN('tsc'), ['-p', 'tsconfig.json'], { env });
    const b = await run(BIN('tsc'), ['-p', 'apps/web/tsconfig.json'], { env });
    if (a !== 0 || b !== 0) throw new StepError('type errors (see above)');
  });
  // The house rules (tooling/eslint/house-rules.mjs) and the code style, as one step like typecheck.
  await check('lint', async () => {
    const eslint = await run(BIN('eslint'), ['--concurrency=auto', '--max-warnings=0', '.'], { env });
    const prettier = await run(BIN('prettier'), ['--check', '--log-level=warn', '.'], { env });
    if (eslint !== 0 || prettier !== 0) throw new StepError(eslint !== 0 ? 'lint errors (see above)' : 'files not formatted: run `pnpm format`');
  });
  const built = await check('build', () => buildAll(env));

  await vitestSuite('unit', env);
  await vitestSuite('integration', env);
  if (built) await vitestSuite('e2e', env);
  else results.push({ name: 'e2e', passed: 0, failed: 1, note: 'skipped: build failed' });

  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log('\n=== summary ===');
  for (const r of results) {
    console.log(`${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed${r.note ? `  (${r.note})` : ''}`);
    for (const f of r.failures ?? []) console.log(`  ✗ ${f}`);
  }
  console.log(`time: ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(`kiln: ${e instanceof Error ? e.message : e}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
