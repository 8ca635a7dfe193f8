import { ConfigurationError, parseConfig, type Config } from '../../packages/config/src/index';
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
