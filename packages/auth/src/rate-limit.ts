import type { Redis } from '@kiln/redis';
import { attemptLimitKey, loginAccountLimitKey, loginIpLimitKey } from './keys';

export interface RateLimitPolicy {
  /** Attempts allowed per window before further attempts are refused. */
  maxFailures: number;
  windowSeconds: number;
}

export const ACCOUNT_POLICY: RateLimitPolicy = { maxFailures: 5, windowSeconds: 15 * 60 };
export const IP_POLICY: RateLimitPolicy = { maxFailures: 20, windowSeconds: 15 * 60 };
/** Wrong current passwords on "change password", per user. */
export const PASSWORD_CHANGE_POLICY: RateLimitPolicy = { maxFailures: 5, windowSeconds: 15 * 60 };
/** Wrong second-factor codes (TOTP, recovery code, passkey), per user. */
export const SECOND_FACTOR_POLICY: RateLimitPolicy = { maxFailures: 5, windowSeconds: 15 * 60 };

export type LimitState = { limited: false } | { limited: true; retryAfterSeconds: number };

function limitState(count: number, max: number, pttl: number): LimitState {
  if (count <= max) return { limited: false };
  return { limited: true, retryAfterSeconds: Math.ceil((pttl > 0 ? pttl : 1000) / 1000) };
}

/**
 * Reserves one attempt: INCR first, compare after, in one MULTI. Checking a counter and
 * counting later would let 100 parallel requests all pass the check before the first failure
 * is counted; with INCR-then-compare only `maxFailures` of them get through.
 */
async function reserve(redis: Redis, key: string, policy: RateLimitPolicy): Promise<LimitState> {
  const res = (await redis.multi().incr(key).expire(key, policy.windowSeconds, 'NX').pttl(key).exec()) ?? [];
  return limitState(Number(res[0]?.[1] ?? 0), policy.maxFailures, Number(res[2]?.[1] ?? -1));
}

/** A fixed-window attempt counter for one kind of secret check (password change, 2FA codes). */
export class AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly scope: string,
    private readonly policy: RateLimitPolicy,
  ) {}

  private key(id: string) {
    return attemptLimitKey(this.scope, id);
  }

  /** Counts this attempt; call before verifying the secret. */
  reserve(id: string): Promise<LimitState> {
    return reserve(this.redis, this.key(id), this.policy);
  }

  /** A correct answer clears the count. */
  async clear(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }
}

// An attempt the account refuses does not count against the IP, and one the IP refuses does not
// count against the account: each counter holds only attempts that reached the password check
// or were refused by that counter itself. Returns {0, 0} or {the count over its limit, its pttl}.
const RESERVE_SCRIPT = `local function hit(key, ttl)
  local n = redis.call('INCR', key)
  redis.call('EXPIRE', key, ttl, 'NX')
  return n
end
local a = hit(KEYS[1], ARGV[1])
if a > tonumber(ARGV[2]) then return {a, redis.call('PTTL', KEYS[1])} end
local i = hit(KEYS[2], ARGV[3])
if i > tonumber(ARGV[4]) then
  redis.call('DECR', KEYS[1])
  return {i, redis.call('PTTL', KEYS[2])}
end
return {0, 0}`;

const RELEASE_SCRIPT = `redis.call('DEL', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('DECR', KEYS[2]) end
return 1`;

/**
 * Counts sign-in attempts per account and per client IP in fixed windows. The attempt is
 * counted before the password is verified (so a locked account costs no hashing); a correct
 * password gives the reservation back.
 */
export class LoginRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly account: RateLimitPolicy = ACCOUNT_POLICY,
    private readonly ip: RateLimitPolicy = IP_POLICY,
  ) {}

  private keys(username: string, ip: string) {
    return { acct: loginAccountLimitKey(username), ip: loginIpLimitKey(ip) };
  }

  /** Counts the attempt on the account, then on the IP, atomically (one Lua script). */
  async reserve(username: string, ip: string): Promise<LimitState> {
    const k = this.keys(username, ip);
    const a = this.account;
    const i = this.ip;
    const [over, pttl] = (await this.redis.eval(RESERVE_SCRIPT, 2, k.acct, k.ip, a.windowSeconds, a.maxFailures, i.windowSeconds, i.maxFailures)) as [number, number];
    return over === 0 ? { limited: false } : limitState(over, 0, pttl);
  }

  /** An admin reset starts the account's count over (the IP's stays). */
  async clearAccount(username: string): Promise<void> {
    await this.redis.del(this.keys(username, '').acct);
  }

  /** After a correct password: the account's count starts over and the IP's attempt is returned. */
  async release(username: string, ip: string): Promise<void> {
    const k = this.keys(username, ip);
    // DECR only a live key: on an expired one it would create a counter without a TTL.
    await this.redis.eval(RELEASE_SCRIPT, 2, k.acct, k.ip);
  }
}
