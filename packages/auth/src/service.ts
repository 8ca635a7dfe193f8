import {
  bumpSessionEpoch,
  clearTwoFactor,
  countUsers,
  createFirstAdmin,
  createUser,
  findSessionUser,
  findUserById,
  findUserForLogin,
  recordAudit,
  recordLogin,
  setPasswordHash,
  twoFactorStatus,
  type Db,
  type PublicUser,
} from '@kiln/db';
import { getConfig } from '@kiln/config';
import { SecretBox, ValidationError } from '@kiln/core';
import type { Redis } from '@kiln/redis';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords';
import { PendingSignIns } from './pending';
import { AttemptLimiter, IP_POLICY, LoginRateLimiter, PASSWORD_CHANGE_POLICY } from './rate-limit';
import { SessionStore, type SessionData } from './sessions';
import { TwoFactor, throwIfLimited, type SecondFactorInput } from './two-factor';
import { relyingPartyFrom, type AuthenticationResponseJSON, type RelyingParty } from './webauthn';

export type LoginResult =
  | { ok: true; sid: string; user: PublicUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number }
  /** Password right, 2FA enabled: the token opens only the second step, for 5 minutes. */
  | { ok: false; reason: 'second-factor'; pendingToken: string; methods: { totp: boolean; passkey: boolean; recovery: boolean } };

type LoginUser = PublicUser & { sessionEpoch: number };
type Client = { ip: string; userAgent?: string };

export interface AuthedUser extends PublicUser {
  sessionEpoch: number;
  defaultNodeId: string | null;
}

export const INVALID_LOGIN_MESSAGE = 'Invalid username or password.';

/** Accounts and sessions, independent of the web framework (the web app adds the cookie). */
export class AuthService {
  readonly sessions: SessionStore;
  readonly limiter: LoginRateLimiter;
  readonly twoFactor: TwoFactor;
  readonly pending: PendingSignIns;
  private readonly passwordChanges: AttemptLimiter;
  private readonly passkeyIps: AttemptLimiter;

  constructor(
    private readonly db: Db,
    redis: Redis,
    opts: { sessions?: SessionStore; limiter?: LoginRateLimiter; box?: SecretBox; rp?: RelyingParty } = {},
  ) {
    this.sessions = opts.sessions ?? new SessionStore(redis);
    this.limiter = opts.limiter ?? new LoginRateLimiter(redis);
    this.pending = new PendingSignIns(redis);
    this.passwordChanges = new AttemptLimiter(redis, 'password-change', PASSWORD_CHANGE_POLICY);
    this.passkeyIps = new AttemptLimiter(redis, 'passkey-ip', IP_POLICY);
    // Config is read on first use, so code that never touches 2FA needs no keys.
    let box = opts.box;
    this.twoFactor = new TwoFactor(
      db,
      redis,
      () => (box ??= new SecretBox(getConfig().ENCRYPTION_KEY)),
      () => opts.rp ?? relyingPartyFrom(getConfig().APP_URL),
    );
  }

  async needsSetup(): Promise<boolean> {
    return (await countUsers(this.db)) === 0;
  }

  async setupAdmin(input: { username: string; password: string; displayName?: string }, ip?: string): Promise<PublicUser> {
    const user = await createFirstAdmin(this.db, {
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
    });
    await recordAudit(this.db, { userId: user.id, actor: user.username, action: 'auth.setup', outcome: 'success', ip });
    return user;
  }

  async addUser(admin: { id: string; username: string }, input: { username: string; password: string; displayName?: string; role: 'admin' | 'user' }): Promise<PublicUser> {
    const user = await createUser(this.db, {
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    });
    await recordAudit(this.db, {
      userId: admin.id,
      actor: admin.username,
      action: 'user.create',
      outcome: 'success',
      targetType: 'user',
      targetId: user.id,
      targetName: user.username,
    });
    return user;
  }

  /**
   * Same answer and similar work for unknown users and wrong passwords. The attempt is counted
   * before the password is checked; past the account's or the IP's limit it is refused with the
   * wait time. With 2FA enabled a right password yields a pending sign-in, not a session.
   */
  async login(input: { username: string; password: string } & Client): Promise<LoginResult> {
    const username = input.username.trim().toLowerCase();
    const limit = await this.limiter.reserve(username, input.ip);
    if (limit.limited) {
      await recordAudit(this.db, { userId: null, actor: username, action: 'auth.login', outcome: 'failure', ip: input.ip, detail: { reason: 'rate-limited' } });
      return { ok: false, reason: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds };
    }
    const user = await findUserForLogin(this.db, username);
    const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
    if (!user || !valid) {
      await recordAudit(this.db, { userId: user?.id ?? null, actor: username, action: 'auth.login', outcome: 'failure', ip: input.ip, detail: { reason: 'invalid-credentials' } });
      return { ok: false, reason: 'invalid' };
    }
    await this.limiter.release(username, input.ip);
    const { passwordHash: _h, ...loginUser } = user;
    const tf = await twoFactorStatus(this.db, user.id);
    if (tf.totp || tf.passkeys > 0) {
      const pendingToken = await this.pending.create({ userId: user.id, username: user.username, epoch: user.sessionEpoch, ip: input.ip, userAgent: input.userAgent?.slice(0, 200) });
      return { ok: false, reason: 'second-factor', pendingToken, methods: { totp: tf.totp, passkey: tf.passkeys > 0, recovery: tf.recoveryCodesLeft > 0 } };
    }
    return this.startSession(loginUser, input, 'password');
  }

  /** The second step: a TOTP code, a recovery code or a passkey for the pending sign-in. */
  async completeSecondFactor(pendingToken: string | undefined, input: SecondFactorInput, client: Client): Promise<LoginResult> {
    const pending = await this.pending.get(pendingToken);
    if (!pending || !pendingToken) return { ok: false, reason: 'invalid' };
    const res = await this.twoFactor.verify(pending.userId, input);
    const actor = { userId: pending.userId, actor: pending.username, ip: client.ip };
    if (res.limited) {
      await recordAudit(this.db, { ...actor, action: 'auth.2fa', outcome: 'failure', detail: { method: input.method, reason: 'rate-limited' } });
      return { ok: false, reason: 'rate-limited', retryAfterSeconds: res.retryAfterSeconds };
    }
    if (!res.ok) {
      await recordAudit(this.db, { ...actor, action: 'auth.2fa', outcome: 'failure', detail: { method: input.method, reason: 'wrong-code' } });
      return { ok: false, reason: 'invalid' };
    }
    // Consumed only now, and only once: two tabs finishing together get one session.
    if (!(await this.pending.consume(pendingToken))) return { ok: false, reason: 'invalid' };
    const user = await findUserById(this.db, pending.userId);
    if (!user || user.sessionEpoch !== pending.epoch) return { ok: false, reason: 'invalid' };
    return this.startSession({ ...user, sessionEpoch: pending.epoch }, client, input.method);
  }

  /**
   * WebAuthn options for a sign-in (each stores a challenge in Redis for 5 minutes): for the
   * pending user after a right password, or for any discoverable passkey. Limited per IP.
   */
  async passkeySignInOptions(userId: string | null, ip: string) {
    const limit = await this.passkeyIps.reserve(`options:${ip}`);
    if (limit.limited) return limit;
    return { limited: false as const, options: await this.twoFactor.passkeys.authenticationOptions(userId) };
  }

  /** Passwordless sign-in with a discoverable passkey that verified its user (PIN, biometrics). */
  async loginWithPasskey(response: AuthenticationResponseJSON, client: Client): Promise<LoginResult> {
    const limit = await this.passkeyIps.reserve(client.ip);
    if (limit.limited) return { ok: false, reason: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds };
    const userId = await this.twoFactor.passkeys.verify(response, null);
    const user = userId ? await findUserById(this.db, userId) : null;
    if (!user) {
      await recordAudit(this.db, { userId: null, actor: 'passkey', action: 'auth.login', outcome: 'failure', ip: client.ip, detail: { method: 'passkey', reason: 'invalid-passkey' } });
      return { ok: false, reason: 'invalid' };
    }
    await Promise.all([this.passkeyIps.clear(client.ip), this.passkeyIps.clear(`options:${client.ip}`)]);
    return this.startSession(user, client, 'passkey');
  }

  /** A new session for a user who has proven who they are; audited as a sign-in. */
  async startSession(user: LoginUser, client: Client, method: string): Promise<Extract<LoginResult, { ok: true }>> {
    const sid = await this.sessions.create({ userId: user.id, epoch: user.sessionEpoch, ip: client.ip, userAgent: client.userAgent?.slice(0, 200) });
    await recordLogin(this.db, user.id);
    await recordAudit(this.db, { userId: user.id, actor: user.username, action: 'auth.login', outcome: 'success', ip: client.ip, ...(method === 'password' ? {} : { detail: { method } }) });
    const publicUser: PublicUser = { id: user.id, username: user.username, displayName: user.displayName, role: user.role, createdAt: user.createdAt, lastLoginAt: user.lastLoginAt };
    return { ok: true, sid, user: publicUser };
  }

  /**
   * Changes the password after checking the current one (wrong guesses are rate limited), ends
   * every session of the account and returns a new one for this browser.
   */
  async changePassword(user: { id: string; username: string }, input: { currentPassword: string; password: string }, client: Client): Promise<string> {
    await this.confirmPassword(user, input.currentPassword, client, { action: 'user.password-change', field: 'currentPassword' });
    await setPasswordHash(this.db, user.id, await hashPassword(input.password));
    await this.sessions.destroyAllForUser(user.id);
    await recordAudit(this.db, { userId: user.id, actor: user.username, action: 'user.password-change', outcome: 'success', ip: client.ip });
    const fresh = await findUserById(this.db, user.id);
    if (!fresh) throw new ValidationError('This account no longer exists.');
    const sid = await this.sessions.create({ userId: fresh.id, epoch: fresh.sessionEpoch, ip: client.ip, userAgent: client.userAgent?.slice(0, 200) });
    return sid;
  }

  /**
   * Asks for the account's password again before a change that weakens it (a new password, a
   * second factor removed, new recovery codes). Wrong guesses share the password-change limit.
   */
  async confirmPassword(user: { id: string; username: string }, password: string, client: Client, at: { action: string; field?: string } = { action: 'auth.reauth' }): Promise<void> {
    throwIfLimited(await this.passwordChanges.reserve(user.id), 'wrong passwords');
    const row = await findUserForLogin(this.db, user.username);
    if (!row || !(await verifyPassword(row.passwordHash, password))) {
      await recordAudit(this.db, { userId: user.id, actor: user.username, action: at.action, outcome: 'failure', ip: client.ip, detail: { reason: 'wrong-current-password' } });
      throw new ValidationError('Check the highlighted field.', { [at.field ?? 'password']: 'This is not your current password.' });
    }
    await this.passwordChanges.clear(user.id);
  }

  /** Turns the authenticator app off once the password is confirmed. */
  async disableTotp(user: { id: string; username: string }, password: string, client: Client): Promise<void> {
    await this.confirmPassword(user, password, client, { action: 'auth.2fa.disable' });
    await this.twoFactor.disableTotp(user, client.ip);
  }

  /** Removes a passkey once the password is confirmed; false when it is not the user's. */
  async removePasskey(user: { id: string; username: string }, id: string, password: string, client: Client): Promise<boolean> {
    await this.confirmPassword(user, password, client, { action: 'auth.passkey.remove' });
    return this.twoFactor.removePasskey(user, id, client.ip);
  }

  /** Ten new recovery codes once the password is confirmed (the old ones stop working). */
  async regenerateRecoveryCodes(user: { id: string; username: string }, password: string, client: Client): Promise<string[]> {
    await this.confirmPassword(user, password, client, { action: 'auth.recovery-codes' });
    return this.twoFactor.regenerateRecoveryCodes(user, client.ip);
  }

  /**
   * Resolves a session id to its user, sliding the idle timeout. Null when the session is over.
   * `mustEnrol`: "require 2FA" is on and the user has no second factor yet.
   */
  async authenticate(sid: string | undefined): Promise<{ user: AuthedUser; session: SessionData; mustEnrol: boolean } | null> {
    if (!sid) return null;
    const session = await this.sessions.touch(sid);
    if (!session) return null;
    const found = await findSessionUser(this.db, session.userId);
    if (!found || found.sessionEpoch !== session.epoch) {
      await this.sessions.destroy(sid, session.userId);
      return null;
    }
    const { mustEnrolTwoFactor, ...user } = found;
    return { user, session, mustEnrol: mustEnrolTwoFactor };
  }

  async logout(sid: string, user?: { id: string; username: string }, ip?: string): Promise<void> {
    await this.sessions.destroy(sid, user?.id);
    if (user) await recordAudit(this.db, { userId: user.id, actor: user.username, action: 'auth.logout', outcome: 'success', ip });
  }

  /** Ends one of the user's own sessions (Settings → Account); false when it is not theirs. */
  async endSession(user: { id: string; username: string }, idHash: string, ip?: string): Promise<boolean> {
    const ended = await this.sessions.destroyByHash(user.id, idHash);
    if (ended) await recordAudit(this.db, { userId: user.id, actor: user.username, action: 'auth.session-end', outcome: 'success', ip });
    return ended;
  }

  /**
   * Account recovery by an admin (or the CLI for a lost admin): a new password and/or no second
   * factor. Every session of the account ends either way.
   */
  async resetAccount(actor: { id: string | null; username: string }, target: { id: string; username: string }, input: { password?: string; clearTwoFactor: boolean }, ip?: string): Promise<void> {
    if (input.password) await setPasswordHash(this.db, target.id, await hashPassword(input.password));
    else await bumpSessionEpoch(this.db, target.id);
    if (input.clearTwoFactor) await clearTwoFactor(this.db, target.id);
    const sessions = await this.sessions.destroyAllForUser(target.id);
    // The user signs in with the new credentials at once, not after a lockout from earlier guesses.
    await this.limiter.clearAccount(target.username);
    await this.twoFactor.limiter.clear(target.id);
    await recordAudit(this.db, {
      userId: actor.id,
      actor: actor.username,
      action: 'user.reset',
      outcome: 'success',
      targetType: 'user',
      targetId: target.id,
      targetName: target.username,
      ip,
      detail: { password: !!input.password, twoFactor: input.clearTwoFactor, sessions },
    });
  }

  /** Ends every session of the user, including ones on other devices, and voids any stragglers. */
  async logoutEverywhere(user: { id: string; username: string }, ip?: string): Promise<number> {
    await bumpSessionEpoch(this.db, user.id);
    const n = await this.sessions.destroyAllForUser(user.id);
    await recordAudit(this.db, { userId: user.id, actor: user.username, action: 'auth.logout-all', outcome: 'success', ip, detail: { sessions: n } });
    return n;
  }
}
