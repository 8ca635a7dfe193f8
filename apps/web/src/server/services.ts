import 'server-only';
import { AuthService } from '@kiln/auth';
import { getConfig } from '@kiln/config';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';

/** Long-lived singletons of the web process (kept on globalThis across dev reloads). */
const g = globalThis as unknown as { __kilnAuth?: AuthService };

export function auth(): AuthService {
  g.__kilnAuth ??= new AuthService(getDb(), getRedis());
  return g.__kilnAuth;
}

export { getConfig, getDb, getRedis };
