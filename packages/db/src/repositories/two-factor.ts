import type { PrismaClient } from '../generated/client';

/** What a user has enrolled as a second factor (no secrets). */
export interface TwoFactorStatus {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(db: PrismaClient, userId: string): Promise<TwoFactorStatus> {
  const [user, passkeys, recoveryCodesLeft] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } }),
    db.passkey.count({ where: { userId } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { totp: !!user?.totpEnabledAt, passkeys, recoveryCodesLeft };
}

export const hasTwoFactor = (s: TwoFactorStatus) => s.totp || s.passkeys > 0;

export async function findTotpSecret(db: PrismaClient, userId: string): Promise<string | null> {
  const u = await db.user.findUnique({ where: { id: userId }, select: { totpSecretEnc: true, totpEnabledAt: true } });
  return u?.totpEnabledAt ? u.totpSecretEnc : null;
}

export async function enableTotp(db: PrismaClient, userId: string, totpSecretEnc: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { totpSecretEnc, totpEnabledAt: new Date() } });
}

export async function disableTotp(db: PrismaClient, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { totpSecretEnc: null, totpEnabledAt: null } });
}

/** Replaces every recovery code of the user with the given hashes. */
export async function replaceRecoveryCodes(db: PrismaClient, userId: string, codeHashes: string[]): Promise<void> {
  await db.$transaction([db.recoveryCode.deleteMany({ where: { userId } }), db.recoveryCode.createMany({ data: codeHashes.map((codeHash) => ({ userId, codeHash })) })]);
}

/** Marks an unused code as used; true exactly once per code, even under concurrent attempts. */
export async function consumeRecoveryCode(db: PrismaClient, userId: string, codeHash: string): Promise<boolean> {
  const res = await db.recoveryCode.updateMany({ where: { userId, codeHash, usedAt: null }, data: { usedAt: new Date() } });
  return res.count === 1;
}

/** Removes TOTP, passkeys and recovery codes (admin reset, lost-admin CLI). */
export async function clearTwoFactor(db: PrismaClient, userId: string): Promise<void> {
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { totpSecretEnc: null, totpEnabledAt: null } }),
    db.passkey.deleteMany({ where: { userId } }),
    db.recoveryCode.deleteMany({ where: { userId } }),
  ]);
}

export const passkeySelect = { id: true, name: true, createdAt: true, lastUsedAt: true } as const;

export function listPasskeys(db: PrismaClient, userId: string) {
  return db.passkey.findMany({ where: { userId }, select: passkeySelect, orderBy: { createdAt: 'asc' } });
}

/** Credentials for WebAuthn (public keys are not secret). */
export function passkeyCredentials(db: PrismaClient, userId: string) {
  return db.passkey.findMany({ where: { userId }, select: { id: true, credentialId: true, publicKey: true, counter: true, transports: true } });
}

export function findPasskeyByCredentialId(db: PrismaClient, credentialId: string) {
  return db.passkey.findUnique({
    where: { credentialId },
    select: { id: true, userId: true, credentialId: true, publicKey: true, counter: true, transports: true, name: true },
  });
}

export async function addPasskey(db: PrismaClient, input: { userId: string; credentialId: string; publicKey: Uint8Array; counter: number; transports: string[]; name: string }) {
  return db.passkey.create({
    data: { ...input, publicKey: Buffer.from(input.publicKey) as Uint8Array<ArrayBuffer>, counter: BigInt(input.counter) },
    select: passkeySelect,
  });
}

export async function touchPasskey(db: PrismaClient, id: string, counter: number): Promise<void> {
  await db.passkey.update({ where: { id }, data: { counter: BigInt(counter), lastUsedAt: new Date() } });
}

/** Scoped by owner: renaming or deleting someone else's passkey changes nothing. */
export async function renamePasskey(db: PrismaClient, userId: string, id: string, name: string): Promise<boolean> {
  return (await db.passkey.updateMany({ where: { id, userId }, data: { name } })).count === 1;
}

export async function deletePasskey(db: PrismaClient, userId: string, id: string): Promise<boolean> {
  return (await db.passkey.deleteMany({ where: { id, userId } })).count === 1;
}

/** Which users have any second factor (Settings → Users). */
export async function usersWithTwoFactor(db: PrismaClient): Promise<Set<string>> {
  const rows = await db.user.findMany({
    where: { OR: [{ totpEnabledAt: { not: null } }, { passkeys: { some: {} } }] },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}
