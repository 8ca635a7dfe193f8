import { randomBytes } from 'node:crypto';
import type { Redis } from '@kiln/redis';
import { sessionIdHash } from './sessions';
import { pendingSignInKey } from './keys';

/** How long a correct password waits for its second factor. */
export const PENDING_SECONDS = 5 * 60;

/** "Password was right, second factor not yet": not a session, it opens nothing but the 2FA step. */
export interface PendingSignIn {
  userId: string;
  username: string;
  epoch: number;
  ip: string;
  userAgent?: string;
}

const key = (token: string) => pendingSignInKey(sessionIdHash(token));

export class PendingSignIns {
  constructor(private readonly redis: Redis) {}

  async create(data: PendingSignIn): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(key(token), JSON.stringify(data), 'EX', PENDING_SECONDS);
    return token;
  }

  async get(token: string | undefined): Promise<PendingSignIn | null> {
    if (!token || token.length > 128) return null;
    const raw = await this.redis.get(key(token));
    return raw ? (JSON.parse(raw) as PendingSignIn) : null;
  }

  /** One use: the first caller to finish the second factor gets it, any parallel one gets null. */
  async consume(token: string): Promise<PendingSignIn | null> {
    const raw = await this.redis.getdel(key(token));
    return raw ? (JSON.parse(raw) as PendingSignIn) : null;
  }
}
