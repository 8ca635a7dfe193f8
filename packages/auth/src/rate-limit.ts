import type { Redis } from '@kiln/redis';

export interface RateLimitPolicy {
  /** Failures allowed per window before further attempts are refused. */
  maxFailures: number;
  windowSeconds: number;
}

export const ACCOUNT_POLICY: RateLimitPolicy = { maxFailures: 5, windowSeconds: 15 * 60 };
export const IP_POLICY: RateLimitPolicy = { maxFailures: 20, windowSeconds: 15 * 60 };

export type LimitState = { limited: false } | { limited: true; retryAfterSeconds: number };

/**
 * Counts failed logins per account and per client IP in fixed windows. Checked before the
 * password is verified, so a locked account costs no hashing.
 */
export class LoginRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly account: RateLimitPolicy = ACCOUNT_POLICY,
    private readonly ip: RateLimitPolicy = IP_POLICY,
  ) {}

  private keys(username: string, ip: string) {
    return { acct: `rl:login:acct:${username.toLowerCase()}`, ip: `rl:login:ip:${ip}` };
  }

  async check(username: string, ip: string): Promise<LimitState> {
    const k = this.keys(username, ip);
    const res = await this.redis.multi().get(k.acct).pttl(k.acct).get(k.ip).pttl(k.ip).exec();
    const val = (i: number) => (res?.[i]?.[1] ?? null) as string | number | null;
    const acctCount = Number(val(0) ?? 0);
    const ipCount = Number(val(2) ?? 0);
    const waits: number[] = [];
    if (acctCount >= this.account.maxFailures) waits.push(Number(val(1)));
    if (ipCount >= this.ip.maxFailures) waits.push(Number(val(3)));
    if (waits.length === 0) return { limited: false };
    const ms = Math.max(...waits.map((w) => (w > 0 ? w : 1000)));
    return { limited: true, retryAfterSeconds: Math.ceil(ms / 1000) };
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const k = this.keys(username, ip);
    await this.redis
      .multi()
      .incr(k.acct)
      .expire(k.acct, this.account.windowSeconds, 'NX')
      .incr(k.ip)
      .expire(k.ip, this.ip.windowSeconds, 'NX')
      .exec();
  }

  async recordSuccess(username: string): Promise<void> {
    await this.redis.del(this.keys(username, '').acct);
  }
}
