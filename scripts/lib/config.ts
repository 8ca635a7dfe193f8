import { ConfigurationError, parseConfig, type Config } from '@kiln/config';
import { StepError } from './run';

/** Parses the environment like the apps do (creating the secrets file on first start). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigurationError) throw new StepError(e.message);
    throw e;
  }
}

/**
 * The launcher's own switches, not Kiln settings. Read here, the scripts' one door to the env
 * (the lint rule lets no other script read process.env); @kiln/config owns everything else.
 */
export type LauncherSetting = 'KILN_DEMO' | 'KILN_DEMO_API_PORT' | 'KILN_DEMO_SSH_PORT' | 'KILN_CHROMIUM' | 'KILN_TEST_DATABASE_URL' | 'KILN_TEST_VERBOSE' | 'REDIS_PREFIX';

export function launcherSetting(name: LauncherSetting): string | undefined {
  return process.env[name];
}

/** This process's env plus `extra`: for a child (a tool, a worker under test) that must inherit it. */
export function inheritedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Only what the child processes need to find the same configuration; secrets stay in the file. */
export function childEnv(cfg: Config, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: cfg.DATABASE_URL,
    REDIS_URL: cfg.REDIS_URL,
    REDIS_PREFIX: cfg.REDIS_PREFIX,
    KILN_DATA_DIR: cfg.KILN_DATA_DIR,
    APP_URL: cfg.APP_URL,
    ...extra,
  };
}
