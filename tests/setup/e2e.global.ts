import type { TestProject } from 'vitest/node';
import type { Stack } from '../../scripts/lib/stack';
import { applyEnvironment, testEnvironment } from './env';
import { builtAppsAvailable, clearRedisPrefix, prepareDatabase, startTestStack } from './stack';

declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    testEnv: Record<string, string>;
  }
}

let stack: Stack | undefined;

/** e2e runs: an empty database (so the first-run setup page shows) and the built apps. */
export default async function setup(project: TestProject) {
  const env = testEnvironment('e2e');
  applyEnvironment(env);
  project.provide('testEnv', env);
  if (!builtAppsAvailable()) throw new Error('e2e needs the built apps: run `pnpm build` (npm test does it).');
  await prepareDatabase();
  stack = await startTestStack();
  project.provide('webUrl', stack.url);
  return async () => {
    await stack?.stop();
    await clearRedisPrefix();
  };
}
