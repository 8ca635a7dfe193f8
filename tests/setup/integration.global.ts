import type { TestProject } from 'vitest/node';
import type { Stack } from '../../scripts/lib/stack';
import { applyEnvironment, testEnvironment } from './env';
import { builtAppsAvailable, clearRedisPrefix, dropRunDatabase, prepareDatabase, startTestStack } from './stack';

declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    testEnv: Record<string, string>;
  }
}

let stack: Stack | undefined;

/** Integration runs: fresh database + Redis prefix, and the built web app for tests that call it. */
export default async function setup(project: TestProject) {
  const env = testEnvironment('integration');
  applyEnvironment(env);
  project.provide('testEnv', env);
  await prepareDatabase();
  // Behind a "proxy": each WebClient says which machine it is (see tests/helpers/web-client.ts).
  if (builtAppsAvailable()) stack = await startTestStack({ TRUST_PROXY: '1' });
  project.provide('webUrl', stack?.url ?? '');
  return async () => {
    await stack?.stop();
    await clearRedisPrefix();
    await dropRunDatabase();
  };
}
