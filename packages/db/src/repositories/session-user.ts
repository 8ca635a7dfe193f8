import type { PrismaClient } from '../generated/client';
import type { Role } from '../generated/enums';
import type { PublicUser } from './users';
import { REQUIRE_TWO_FACTOR } from './settings';

export type SessionUser = PublicUser & {
  sessionEpoch: number;
  defaultNodeId: string | null;
  /** "Require 2FA for all users" is on and this user has no second factor (TOTP or a passkey) yet. */
  mustEnrolTwoFactor: boolean;
};

interface Row {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  createdAt: Date;
  lastLoginAt: Date | null;
  sessionEpoch: number;
  defaultNodeId: string | null;
  mustEnrol: boolean;
}

/**
 * Everything a signed-in request needs about its user, in one statement: it runs on every page
 * view and server action, where the same through the query builder took two to five queries
 * (user, the instance flag, TOTP, passkeys) at about 0.7 ms of CPU each.
 */
export async function findSessionUser(db: PrismaClient, userId: string): Promise<SessionUser | null> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT u."id", u."username", u."displayName", u."role"::text AS "role", u."createdAt", u."lastLoginAt",
      u."sessionEpoch", u."defaultNodeId",
      (EXISTS (SELECT 1 FROM "AppSetting" s WHERE s."key" = ${REQUIRE_TWO_FACTOR} AND s."value" = 'true'::jsonb)
        AND u."totpEnabledAt" IS NULL
        AND NOT EXISTS (SELECT 1 FROM "Passkey" p WHERE p."userId" = u."id")) AS "mustEnrol"
    FROM "User" u
    WHERE u."id" = ${userId}::uuid`;
  const r = rows[0];
  if (!r) return null;
  const { mustEnrol, ...user } = r;
  return { ...user, mustEnrolTwoFactor: mustEnrol };
}
