import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import type { Stack } from '../../scripts/lib/stack';
import { applyEnvironment, testEnvironment } from './env';
import { builtAppsAvailable, clearRedisPrefix, dropRunDatabase, prepareDatabase, startTestStack } from './stack';
import { startDemoSimulator, type RunningSim } from '../../scripts/lib/sim';

declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    testEnv: Record<string, string>;
  }
}

let stack: Stack | undefined;
let sim: RunningSim | undefined;
let simDir = '';

/** e2e runs: an empty database (so the first-run setup page shows) and the built apps. */
export default async function setup(project: TestProject) {
  const env = testEnvironment('e2e');
  applyEnvironment(env);
  project.provide('testEnv', env);
  if (!builtAppsAvailable()) throw new Error('e2e needs the built apps: run `pnpm build` (npm test does it).');
  await prepareDatabase();
  // The demo simulator, as `npm start` runs it (fresh state each run), for "Add demo node".
  simDir = `${env.KILN_DATA_DIR}/run-${env.KILN_TEST_RUN_ID}`;
  sim = await startDemoSimulator(simDir, { apiPort: 0, sshPort: 0 });
  stack = await startTestStack({ KILN_DEMO_NODE: sim.infoFile });
  project.provide('webUrl', stack.url);
  return async () => {
    await stack?.stop();
    await sim?.close();
    rmSync(simDir, { recursive: true, force: true });
    await clearRedisPrefix();
    await dropRunDatabase();
  };
}
