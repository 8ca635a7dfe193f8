import type { AuthService } from '@kiln/auth';
import { NotFoundError, ValidationError } from '@kiln/core';
import { REQUIRE_TWO_FACTOR, deleteUserById, findUserById, getFlag, listUsers, listPasskeys, recordAudit, setFlag, usersWithTwoFactor, type Db } from '@kiln/db';
import type { Actor } from '../nodes/service';

/**
 * User administration (Settings → Users) and the account's own second-factor overview. Callers
 * check that the actor is an admin (the admin action client); these check what depends on data.
 */
export interface UserDeps {
  db: Db;
  auth: AuthService;
}

/** Every account, with whether it has a second factor. */
export async function allUsers(db: Db) {
  const [users, withTwoFactor] = await Promise.all([listUsers(db), usersWithTwoFactor(db)]);
  return users.map((u) => ({ ...u, twoFactor: withTwoFactor.has(u.id) }));
}

export function twoFactorRequired(db: Db): Promise<boolean> {
  return getFlag(db, REQUIRE_TWO_FACTOR);
}

/** "Require 2FA for all users": those without a second factor must enrol right after sign-in. */
export async function setRequireTwoFactor(db: Db, actor: Actor, required: boolean): Promise<void> {
  await setFlag(db, REQUIRE_TWO_FACTOR, required);
  await recordAudit(db, { userId: actor.id, actor: actor.username, action: 'auth.require-2fa', outcome: 'success', ip: actor.ip, detail: { required } });
}

/** Deletes another account; its sessions end first so it cannot act in between. */
export async function deleteUser(deps: UserDeps, actor: Actor, userId: string): Promise<void> {
  if (userId === actor.id) throw new ValidationError('You cannot delete your own account.');
  await deps.auth.sessions.destroyAllForUser(userId);
  await deleteUserById(deps.db, userId);
  await recordAudit(deps.db, { userId: actor.id, actor: actor.username, action: 'user.delete', outcome: 'success', targetType: 'user', targetId: userId, ip: actor.ip });
}

/** An admin sets a new password and/or removes 2FA of another user; their sessions end. */
export async function resetUser(deps: UserDeps, actor: Actor, input: { userId: string; password?: string; clearTwoFactor: boolean }): Promise<void> {
  if (input.userId === actor.id) throw new ValidationError('Change your own password and sign-in methods under Settings → Account.');
  const target = await findUserById(deps.db, input.userId);
  if (!target) throw new NotFoundError('That user');
  await deps.auth.resetAccount(actor, target, { password: input.password || undefined, clearTwoFactor: input.clearTwoFactor }, actor.ip);
}

/** The account page's second-factor card: status and registered passkeys. */
export async function twoFactorOverview(deps: UserDeps, userId: string) {
  const [status, passkeys] = await Promise.all([deps.auth.twoFactor.status(userId), listPasskeys(deps.db, userId)]);
  return { status, passkeys };
}
