import { ConflictError, RateLimitedError, ValidationError, type SecretBox, type SecretContext } from '@kiln/core';
import {
  REQUIRE_TWO_FACTOR,
  consumeRecoveryCode,
  deletePasskey,
  disableTotp,
  enableTotp,
  findTotpSecret,
  getFlag,
  hasTwoFactor,
  recordAudit,
  renamePasskey,
  replaceRecoveryCodes,
  twoFactorStatus,
  type Db,
  type TwoFactorStatus,
} from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { AttemptLimiter, SECOND_FACTOR_POLICY, type LimitState } from './rate-limit';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes';
import { acceptTotpStep, matchTotp, newTotpSecret, totpUri } from './totp';
import { Passkeys, type AuthenticationResponseJSON, type RegistrationResponseJSON, type RelyingParty } from './webauthn';
import { TOTP_ENROL_TTL_SECONDS, totpEnrolKey } from './keys';

export type SecondFactorInput = { method: 'totp'; code: string } | { method: 'recovery'; code: string } | { method: 'passkey'; response: AuthenticationResponseJSON };

type Actor = { id: string; username: string };

const totpSecretCtx = (userId: string): SecretContext => ({ table: 'User', id: userId, field: 'totpSecret' });
const totpPendingCtx = (userId: string): SecretContext => ({ table: 'User', id: userId, field: 'totpPending' });
const enrolKey = totpEnrolKey;
const ENROL_SECONDS = TOTP_ENROL_TTL_SECONDS;

export function waitMessage(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

export function throwIfLimited(state: LimitState, what: string): void {
  if (state.limited) throw new RateLimitedError(`Too many ${what}. Try again in ${waitMessage(state.retryAfterSeconds)}.`, state.retryAfterSeconds);
}

/** Enrolment and verification of second factors: TOTP, passkeys, one-time recovery codes. */
export class TwoFactor {
  readonly passkeys: Passkeys;
  /** Wrong codes per user, for sign-in and enrolment alike. */
  readonly limiter: AttemptLimiter;

  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly box: () => SecretBox,
    rp: () => RelyingParty,
  ) {
    this.passkeys = new Passkeys(db, redis, rp);
    this.limiter = new AttemptLimiter(redis, '2fa', SECOND_FACTOR_POLICY);
  }

  status(userId: string): Promise<TwoFactorStatus> {
    return twoFactorStatus(this.db, userId);
  }

  async isEnabled(userId: string): Promise<boolean> {
    return hasTwoFactor(await this.status(userId));
  }

  /** "Require 2FA for all users" is on and this user has no second factor yet. */
  async mustEnrol(userId: string): Promise<boolean> {
    return (await getFlag(this.db, REQUIRE_TWO_FACTOR)) && !(await this.isEnabled(userId));
  }

  /** A new secret to scan; it becomes active only once a code from it is confirmed. */
  async startTotp(user: Actor): Promise<{ secret: string; uri: string }> {
    const secret = newTotpSecret();
    await this.redis.set(enrolKey(user.id), this.box().seal(secret, totpPendingCtx(user.id)), 'EX', ENROL_SECONDS);
    return { secret, uri: totpUri(secret, user.username) };
  }

  /** Turns TOTP on after a correct code; returns fresh recovery codes when the user had none left. */
  async confirmTotp(user: Actor, code: string, ip?: string): Promise<{ recoveryCodes: string[] | null }> {
    throwIfLimited(await this.limiter.reserve(user.id), 'wrong codes');
    const sealed = await this.redis.get(enrolKey(user.id));
    if (!sealed) throw new ValidationError('The setup expired. Start again.');
    const secret = this.box().open(sealed, totpPendingCtx(user.id));
    const step = matchTotp(secret, code);
    if (step === null || !(await acceptTotpStep(this.redis, user.id, step))) {
      await this.audit(user, 'auth.2fa.enable', 'failure', ip, { method: 'totp', reason: 'wrong-code' });
      throw new ValidationError('Check the highlighted field.', { code: 'That code is not right. Enter the current code from your app.' });
    }
    await enableTotp(this.db, user.id, this.box().seal(secret, totpSecretCtx(user.id)));
    await this.redis.del(enrolKey(user.id));
    await this.limiter.clear(user.id);
    await this.audit(user, 'auth.2fa.enable', 'success', ip, { method: 'totp' });
    return { recoveryCodes: await this.ensureRecoveryCodes(user, ip) };
  }

  async disableTotp(user: Actor, ip?: string): Promise<void> {
    await this.refuseIfLastFactor(user.id, { totp: false });
    await disableTotp(this.db, user.id);
    await this.audit(user, 'auth.2fa.disable', 'success', ip, { method: 'totp' });
  }

  /** Stores a verified passkey; null when the browser's answer did not match the challenge. */
  async addPasskey(user: Actor, response: RegistrationResponseJSON, name: string, ip?: string) {
    const passkey = await this.passkeys.register(user.id, response, name);
    await this.audit(user, 'auth.passkey.add', passkey ? 'success' : 'failure', ip, { name });
    if (!passkey) return null;
    return { passkey, recoveryCodes: await this.ensureRecoveryCodes(user, ip) };
  }

  async renamePasskey(user: Actor, id: string, name: string): Promise<boolean> {
    return renamePasskey(this.db, user.id, id, name);
  }

  async removePasskey(user: Actor, id: string, ip?: string): Promise<boolean> {
    await this.refuseIfLastFactor(user.id, { passkeys: -1 });
    const ok = await deletePasskey(this.db, user.id, id);
    if (ok) await this.audit(user, 'auth.passkey.remove', 'success', ip, { passkeyId: id });
    return ok;
  }

  /** New set of 10; the old ones stop working. Shown once, stored hashed. */
  async regenerateRecoveryCodes(user: Actor, ip?: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await replaceRecoveryCodes(
      this.db,
      user.id,
      codes.map((c) => hashRecoveryCode(user.id, c)),
    );
    await this.audit(user, 'auth.recovery-codes', 'success', ip, { count: codes.length });
    return codes;
  }

  private async ensureRecoveryCodes(user: Actor, ip?: string): Promise<string[] | null> {
    return (await this.status(user.id)).recoveryCodesLeft > 0 ? null : this.regenerateRecoveryCodes(user, ip);
  }

  /** While 2FA is required, the last factor cannot be removed (an admin reset still can). */
  private async refuseIfLastFactor(userId: string, change: { totp?: false; passkeys?: -1 }): Promise<void> {
    if (!(await getFlag(this.db, REQUIRE_TWO_FACTOR))) return;
    const s = await this.status(userId);
    const after = { ...s, totp: change.totp ?? s.totp, passkeys: s.passkeys + (change.passkeys ?? 0) };
    if (!hasTwoFactor(after)) throw new ConflictError('Two-factor sign-in is required here: add another method before removing this one.');
  }

  /** Checks a second factor of the user; the method that worked, or null. Counts every attempt. */
  async verify(userId: string, input: SecondFactorInput): Promise<{ limited: true; retryAfterSeconds: number } | { limited: false; ok: boolean }> {
    const limit = await this.limiter.reserve(userId);
    if (limit.limited) return limit;
    let ok: boolean;
    if (input.method === 'totp') {
      const sealed = await findTotpSecret(this.db, userId);
      const step = sealed ? matchTotp(this.box().open(sealed, totpSecretCtx(userId)), input.code) : null;
      ok = step !== null && (await acceptTotpStep(this.redis, userId, step));
    } else if (input.method === 'recovery') {
      ok = await consumeRecoveryCode(this.db, userId, hashRecoveryCode(userId, input.code));
    } else {
      ok = (await this.passkeys.verify(input.response, userId)) === userId;
    }
    if (ok) await this.limiter.clear(userId);
    return { limited: false, ok };
  }

  private audit(user: Actor, action: string, outcome: 'success' | 'failure', ip: string | undefined, detail: Record<string, string | number>) {
    return recordAudit(this.db, { userId: user.id, actor: user.username, action, outcome, ip, detail });
  }
}
