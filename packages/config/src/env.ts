import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { loadOrCreateSecrets } from './secrets-file';

/** Walks up from `start` to the monorepo root (where pnpm-workspace.yaml lives). */
export function findRepoRoot(start = process.cwd()): string | undefined {
  let dir = resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const keySpec = z.string().regex(/^\d+:[A-Za-z0-9+/=_-]+$/, 'expected "<version>:<base64 32-byte key>", several separated by commas');

/** An interface address or host name to listen on: `127.0.0.1`, `0.0.0.0`, `::`, `::1`, `kiln.lan`. */
const listenHost = z
  .string()
  .regex(/^(?:[0-9A-Fa-f:.]+|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)$/, 'must be an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0')
  .default('127.0.0.1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .default('postgresql://postgres@127.0.0.1:5432/kiln'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9:_-]+$/, 'letters, digits, ":", "_" and "-" only')
    .default('kiln:'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
  ENCRYPTION_KEY: z.string().transform((s, ctx) => {
    const parts = s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const keys: { version: number; key: Buffer }[] = [];
    for (const p of parts) {
      const parsed = keySpec.safeParse(p);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'expected "<version>:<base64 32-byte key>"[,...]' });
        return z.NEVER;
      }
      const idx = p.indexOf(':');
      const version = Number(p.slice(0, idx));
      const key = Buffer.from(p.slice(idx + 1), 'base64');
      if (key.length !== 32 || version < 1 || version > 255) {
        ctx.addIssue({ code: 'custom', message: `key version ${version}: need a version 1..255 and exactly 32 bytes` });
        return z.NEVER;
      }
      keys.push({ version, key });
    }
    if (keys.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'no key given' });
      return z.NEVER;
    }
    return keys;
  }),
  APP_URL: z.url({ message: 'must be a URL such as http://localhost:3000' }).default('http://localhost:3000'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interface the web app listens on: loopback unless a container or reverse proxy needs more. */
  HOST: listenHost,
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  KILN_DATA_DIR: z.string().min(1),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Creations one worker runs at once (mostly waiting on Proxmox tasks and scripts). */
  PROVISION_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  /** Operations (power, delete, bulk parents) one worker runs at once; they wait on PVE tasks. */
  OPERATION_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  /** How long a worker's claim on a job lasts without renewal; a killed worker's jobs move on after it. */
  JOB_LOCK_MS: z.coerce.number().int().min(2000).max(600_000).default(30_000),
  /**
   * Let non-admin users register nodes on loopback, link-local or unspecified addresses (the
   * Kiln host itself). Off: the connection test would otherwise probe Kiln's own local services.
   */
  KILN_ALLOW_LOOPBACK_NODES: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /**
   * The daily OS package update checks of every running container (each at its own minute). Off:
   * only "Check now" checks. Test stacks turn it off so checks never run in other tests' containers.
   */
  KILN_UPDATE_CHECKS: z
    .enum(['on', 'off'])
    .default('on')
    .transform((v) => v === 'on'),
  /** Path of the demo simulator's connection file, set by `npm start` when it runs the simulator. */
  KILN_DEMO_NODE: z.string().optional(),
  /** The worker touches this file every 10 s (container healthchecks). */
  KILN_HEARTBEAT_FILE: z.string().optional(),
  /** Port of the web console's websocket gateway (run by the worker); 0 picks a free one. */
  CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Interface the console gateway listens on (loopback by default, like HOST). */
  CONSOLE_HOST: listenHost,
  /**
   * The websocket URL browsers use for the console when a reverse proxy fronts it
   * (e.g. wss://kiln.example.com/console). Unset: the page's own host name on CONSOLE_PORT.
   */
  CONSOLE_PUBLIC_URL: z
    .string()
    .regex(/^wss?:\/\/[^\s]+$/, 'must be a ws:// or wss:// URL')
    .optional(),
  /** A console with no keystroke and no output for this long is closed. */
  CONSOLE_IDLE_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(15),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Parses the environment once. Missing generated secrets come from (or go to) the data dir's secrets file. */
export function parseConfig(rawEnv: Record<string, string | undefined> = process.env): Config {
  // An empty variable (`SESSION_SECRET=` in a compose file) means "not set".
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== undefined && v !== ''));
  const root = findRepoRoot();
  const dataDir = env.KILN_DATA_DIR || (root ? join(/*turbopackIgnore: true*/ root, '.kiln') : resolve(/*turbopackIgnore: true*/ '.kiln'));
  const withDefaults = { ...env, KILN_DATA_DIR: dataDir };
  const generated = loadOrCreateSecrets(dataDir, withDefaults);
  const parsed = envSchema.safeParse({ ...withDefaults, ...generated });
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return parsed.data;
}

const globalForConfig = globalThis as unknown as { __kilnConfig?: Config };

/** The process-wide config, parsed on first use. A bad variable stops the process with its name. */
export function getConfig(): Config {
  if (!globalForConfig.__kilnConfig) globalForConfig.__kilnConfig = parseConfig();
  return globalForConfig.__kilnConfig;
}

/** For tests and tools that build a config explicitly. */
export function setConfig(config: Config): void {
  globalForConfig.__kilnConfig = config;
}

/**
 * A connection URL fit for logs and pages: the password (and a user name's secret half) replaced
 * by `***`. Redis URLs usually carry only a password (`redis://:secret@host`), which a
 * `user:password@` pattern misses, so the URL is parsed.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = '***';
    return u.toString();
  } catch {
    // Unparseable: hide everything between the scheme (if any) and the last `@`.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, '$1***@');
  }
}

export function isSecureUrl(url: string): boolean {
  return url.startsWith('https://');
}
