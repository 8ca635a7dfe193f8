import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from '@kiln/redis';
import { sessionKeyOfHash, userSessionsKey } from './keys';

export const SESSION_IDLE_SECONDS = 2 * 60 * 60;
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;
/** Live sessions one account may hold; a new sign-in past it ends the oldest. */
export const MAX_SESSIONS_PER_USER = 10;

export interface SessionData {
  userId: string;
  /** The user's sessionEpoch when this session began; a bump voids older sessions. */
  epoch: number;
  createdAt: number;
  lastSeenAt: number;
  ip?: string;
  userAgent?: string;
}

export interface SessionLimits {
  idleSeconds: number;
  absoluteSeconds: number;
  maxPerUser?: number;
}

/** A live session as its owner sees it in the list (the id hash, never the cookie's id). */
export interface SessionInfo extends SessionData {
  idHash: string;
}

/** Redis keys hold a hash of the session id, so a Redis dump does not contain usable cookies. */
export function sessionIdHash(sid: string): string {
  return createHash('sha256').update(sid).digest('base64url');
}
const idHash = sessionIdHash;

/** The Redis key of a session, from the hash of its id (other processes check liveness with it). */
export { sessionKeyOfHash };
const sessionKey = (sid: string) => sessionKeyOfHash(idHash(sid));
const userIndexKey = userSessionsKey;

/**
 * Server-side sessions in Redis: sliding idle TTL, absolute lifetime, per-user index for
 * "sign out of all sessions". The cookie carries only the random id.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly limits: SessionLimits = { idleSeconds: SESSION_IDLE_SECONDS, absoluteSeconds: SESSION_ABSOLUTE_SECONDS },
    private readonly now: () => number = Date.now,
  ) {}

  async create(data: Omit<SessionData, 'createdAt' | 'lastSeenAt'>): Promise<string> {
    const sid = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: SessionData = { ...data, createdAt: now, lastSeenAt: now };
    const ttl = Math.min(this.limits.idleSeconds, this.limits.absoluteSeconds);
    await this.redis
      .multi()
      .set(sessionKey(sid), JSON.stringify(session), 'EX', ttl)
      .sadd(userIndexKey(data.userId), idHash(sid))
      .expire(userIndexKey(data.userId), this.limits.absoluteSeconds)
      .exec();
    await this.enforceCap(data.userId);
    return sid;
  }

  /** Ends the oldest sessions beyond the per-user cap (and forgets index entries that expired). */
  private async enforceCap(userId: string): Promise<void> {
    const max = this.limits.maxPerUser ?? MAX_SESSIONS_PER_USER;
    if ((await this.redis.scard(userIndexKey(userId))) <= max) return;
    const live = await this.list(userId);
    const excess = live.slice(max).map((s) => s.idHash);
    if (excess.length === 0) return;
    await this.redis
      .multi()
      .del(...excess.map(sessionKeyOfHash))
      .srem(userIndexKey(userId), ...excess)
      .exec();
  }

  /** The user's live sessions, newest first. */
  async list(userId: string): Promise<SessionInfo[]> {
    const hashes = await this.redis.smembers(userIndexKey(userId));
    if (hashes.length === 0) return [];
    const raws = await this.redis.mget(...hashes.map(sessionKeyOfHash));
    const dead = hashes.filter((_, i) => !raws[i]);
    if (dead.length) await this.redis.srem(userIndexKey(userId), ...dead);
    return raws.flatMap((raw, i) => (raw ? [{ ...(JSON.parse(raw) as SessionData), idHash: hashes[i]! }] : [])).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Ends one session of the user by its id hash; false when it is not theirs or already over. */
  async destroyByHash(userId: string, hash: string): Promise<boolean> {
    if (!(await this.redis.sismember(userIndexKey(userId), hash))) return false;
    const [del] = (await this.redis.multi().del(sessionKeyOfHash(hash)).srem(userIndexKey(userId), hash).exec()) ?? [];
    return Number(del?.[1] ?? 0) > 0;
  }

  /** Returns the live session and slides its idle TTL, or null when missing or past its limits. */
  async touch(sid: string): Promise<SessionData | null> {
    if (!sid || sid.length > 128) return null;
    const key = sessionKey(sid);
    const raw = await this.redis.get(key);
    if (!raw) return null;
    const session = JSON.parse(raw) as SessionData;
    const now = this.now();
    const ageSeconds = (now - session.createdAt) / 1000;
    const idleSeconds = (now - session.lastSeenAt) / 1000;
    if (ageSeconds >= this.limits.absoluteSeconds || idleSeconds >= this.limits.idleSeconds) {
      await this.destroy(sid, session.userId);
      return null;
    }
    // Slide at most once a minute: a page view is then one round trip (this GET). The key's TTL and
    // lastSeenAt move together, so a session idles out between one minute before and exactly
    // `idleSeconds` after its last request, never later.
    if (now - session.lastSeenAt > 60_000) {
      session.lastSeenAt = now;
      const ttl = Math.max(1, Math.floor(Math.min(this.limits.idleSeconds, this.limits.absoluteSeconds - ageSeconds)));
      await this.redis.set(key, JSON.stringify(session), 'EX', ttl);
    }
    return session;
  }

  async destroy(sid: string, userId?: string): Promise<void> {
    const tx = this.redis.multi().del(sessionKey(sid));
    if (userId) tx.srem(userIndexKey(userId), idHash(sid));
    await tx.exec();
  }

  /** Deletes every session of the user. Returns how many were live. */
  async destroyAllForUser(userId: string): Promise<number> {
    const hashes = await this.redis.smembers(userIndexKey(userId));
    if (hashes.length === 0) return 0;
    const removed = await this.redis.del(...hashes.map(sessionKeyOfHash));
    await this.redis.del(userIndexKey(userId));
    return removed;
  }
}
