import { BIN } from './paths';
import { runOrThrow } from './run';

/** Builds web and worker through turbo, whose cache makes an unchanged tree a no-op. */
export async function buildAll(env: NodeJS.ProcessEnv): Promise<void> {
  await runOrThrow('build', BIN('turbo'), ['run', 'build', '--env-mode=loose', '--output-logs=errors-only'], { env });
}
