import { Secret, TOTP } from 'otpauth';
import type { Redis } from '@kiln/redis';
import { totpLastStepKey } from './keys';

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30 s. */
const PERIOD = 30;

function totpFor(secretBase32: string, label = 'Kiln'): TOTP {
  return new TOTP({ issuer: 'Kiln', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}

/** For tests and the e2e: the code an authenticator app would show now. */
export function totpCode(secretBase32: string, timestamp = Date.now()): string {
  return totpFor(secretBase32).generate({ timestamp });
}

/** The time step a code belongs to (±1 step of clock drift is accepted), or null when wrong. */
export function matchTotp(secretBase32: string, code: string, timestamp = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secretBase32).validate({ token, timestamp, window: 1 });
  return delta === null ? null : Math.floor(timestamp / 1000 / PERIOD) + delta;
}

// Accepts a step only when it is newer than the last accepted one: a code seen once (by a
// shoulder-surfer or a proxy log) cannot be used again inside its window.
const ACCEPT_STEP = `local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) <= last then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1`;

export async function acceptTotpStep(redis: Redis, userId: string, step: number): Promise<boolean> {
  const ok = await redis.eval(ACCEPT_STEP, 1, totpLastStepKey(userId), String(step), String(PERIOD * 4));
  return ok === 1;
}
