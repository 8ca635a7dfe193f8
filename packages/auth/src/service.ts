import {
  bumpSessionEpoch,
  countUsers,
  createFirstAdmin,
  createUser,
  findUserById,
  findUserForLogin,
  recordAudit,
  recordLogin,
  type Db,
  type PublicUser,
} from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords';
import { LoginRateLimiter } from './rate-limit';
import { SessionStore, type SessionData } from './sessions';

export type LoginResult =
  | { ok: true; sid: string; user: PublicUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number };

export interface AuthedUser extends PublicUser {
  sessionEpoch: number;
  defaultNodeId: string | null;
}

export const INVALID_LOGIN_MESSAGE = 'Invalid username or password.';

/** Accounts and sessions, independent of the web framework (the web app adds the cookie). */
export class AuthService {
  readonly sessions: SessionStore;
  readonly limiter: LoginRateLimiter;

  constructor(
    private readonly db: Db,
    redis: Redis,
    opts: { sessions?: SessionStore; limiter?: LoginRateLimiter } = {},
  ) {
    this.sessions = opts.sessions ?? new SessionStore(redis);
    this.limiter = opts.limiter ?? new LoginRateLimiter(redis);
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

  async addUser(
    admin: { id: string; username: string },
    input: { username: string; password: string; displayName?: string; role: 'admin' | 'user' },
  ): Promise<PublicUser> {
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
   * Same answer and similar work for unknown users and wrong passwords. Refuses with the wait
   * time once the account or the IP reached its failure limit.
   */
  async login(input: { username: string; password: string; ip: string; userAgent?: string }): Promise<LoginResult> {
    const username = input.username.trim().toLowerCase();
    const limit = await this.limiter.check(username, input.ip);
    if (limit.limited) {
      await recordAudit(this.db, { userId: null, actor: username, action: 'auth.login', outcome: 'failure', ip: input.ip, detail: { reason: 'rate-limited' } });
      return { ok: false, reason: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds };
    }
    const user = await findUserForLogin(this.db, username);
    const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
    if (!user || !valid) {
      await this.limiter.recordFailure(username, input.ip);
      await recordAudit(this.db, { userId: user?.id ?? null, actor: username, action: 'auth.login', outcome: 'failure', ip: input.ip, detail: { reason: 'invalid-credentials' } });
      return { ok: false, reason: 'invalid' };
    }
    await this.limiter.recordSuccess(username);
    const sid = await this.sessions.create({ userId: user.id, epoch: user.sessionEpoch, ip: input.ip, userAgent: input.userAgent?.slice(0, 200) });
    await recordLogin(this.db, user.id);
    await recordAudit(this.db, { userId: user.id, actor: user.username, action: 'auth.login', outcome: 'success', ip: input.ip });
    const { passwordHash: _h, sessionEpoch: _e, ...publicUser } = user;
    return { ok: true, sid, user: publicUser };
  }

  /** Resolves a session id to its user, sliding the idle timeout. Null when the session is over. */
  async authenticate(sid: string | undefined): Promise<{ user: AuthedUser; session: SessionData } | null> {
    if (!sid) return null;
    const session = await this.sessions.touch(sid);
    if (!session) return null;
    const user = await findUserById(this.db, session.userId);
    if (!user || user.sessionEpoch !== session.epoch) {
      await this.sessions.destroy(sid, session.userId);
      return null;
    }
    return { user, session };
  }

  async logout(sid: string, user?: { id: string; username: string }, ip?: string): Promise<void> {
    await this.sessions.destroy(sid, user?.id);
    if (user) await recordAudit(this.db, { userId: user.id, actor: user.username, action: 'auth.logout', outcome: 'success', ip });
  }

  /** Ends every session of the user, including ones on other devices, and voids any stragglers. */
  async logoutEverywhere(user: { id: string; username: string }, ip?: string): Promise<number> {
    await bumpSessionEpoch(this.db, user.id);
    const n = await this.sessions.destroyAllForUser(user.id);
    await recordAudit(this.db, { userId: user.id, actor: user.username, action: 'auth.logout-all', outcome: 'success', ip, detail: { sessions: n } });
    return n;
  }
}
