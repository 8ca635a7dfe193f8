import { ConflictError, NotFoundError } from '@kiln/core';
import type { PrismaClient } from '../generated/client';
import type { Role } from '../generated/enums';

/** Fields of a user that are safe to hand to any caller (no hash). */
export const publicUserSelect = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  createdAt: true,
  lastLoginAt: true,
} as const;

export type PublicUser = {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  createdAt: Date;
  lastLoginAt: Date | null;
};

export async function countUsers(db: PrismaClient): Promise<number> {
  return db.user.count();
}

/**
 * Creates the first (admin) account. Serialized by an advisory lock so two browsers racing
 * through the setup page cannot both become admin.
 */
export async function createFirstAdmin(db: PrismaClient, input: { username: string; passwordHash: string; displayName?: string }): Promise<PublicUser> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('kiln:first-admin'))`;
    if ((await tx.user.count()) > 0) throw new ConflictError('Kiln is already set up. Sign in instead.');
    return tx.user.create({
      data: { username: input.username, passwordHash: input.passwordHash, displayName: input.displayName, role: 'admin' },
      select: publicUserSelect,
    });
  });
}

export async function createUser(db: PrismaClient, input: { username: string; passwordHash: string; displayName?: string; role: Role }): Promise<PublicUser> {
  const existing = await db.user.findUnique({ where: { username: input.username }, select: { id: true } });
  if (existing) throw new ConflictError('That username is taken.', { username: 'That username is taken.' });
  return db.user.create({ data: input, select: publicUserSelect });
}

export function findUserForLogin(db: PrismaClient, username: string) {
  return db.user.findUnique({
    where: { username: username.toLowerCase() },
    select: { ...publicUserSelect, passwordHash: true, sessionEpoch: true },
  });
}

export function findUserById(db: PrismaClient, id: string) {
  return db.user.findUnique({ where: { id }, select: { ...publicUserSelect, sessionEpoch: true, defaultNodeId: true } });
}

export function listUsers(db: PrismaClient): Promise<PublicUser[]> {
  return db.user.findMany({ select: publicUserSelect, orderBy: { createdAt: 'asc' } });
}

export async function bumpSessionEpoch(db: PrismaClient, userId: string): Promise<number> {
  const u = await db.user.update({ where: { id: userId }, data: { sessionEpoch: { increment: 1 } }, select: { sessionEpoch: true } });
  return u.sessionEpoch;
}

export async function recordLogin(db: PrismaClient, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
}

export async function setPasswordHash(db: PrismaClient, userId: string, passwordHash: string): Promise<void> {
  const res = await db.user.updateMany({ where: { id: userId }, data: { passwordHash, sessionEpoch: { increment: 1 } } });
  if (res.count === 0) throw new NotFoundError('User');
}

export async function deleteUserById(db: PrismaClient, userId: string): Promise<void> {
  const res = await db.user.deleteMany({ where: { id: userId } });
  if (res.count === 0) throw new NotFoundError('User');
}
