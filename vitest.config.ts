import { defineConfig } from 'vitest/config';
import ByNameSequencer from './tests/setup/sequencer';

const sources = ['packages/*/src/**', 'packages/*/test/**', 'apps/*/src/**', 'apps/*/server/**', 'apps/*/test/**', 'tests/integration/**', 'scripts/lib/**', 'tooling/**'];

export default defineConfig({
  test: {
    // e2e files build on each other (01 creates the admin); projects inherit this root option.
    sequence: { sequencer: ByNameSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: sources.map((s) => `${s}/*.test.ts`),
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: sources.map((s) => `${s}/*.int.test.ts`),
          exclude: ['**/node_modules/**'],
          globalSetup: ['./tests/setup/integration.global.ts'],
          setupFiles: ['./tests/setup/worker.setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup: ['./tests/setup/e2e.global.ts'],
          setupFiles: ['./tests/setup/worker.setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          maxWorkers: 1,
        },
      },
    ],
  },
});
