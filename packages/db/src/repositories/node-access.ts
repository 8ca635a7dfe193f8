import { Prisma, type PrismaClient } from '../generated/client';
import type { NodeShareRole } from '../generated/enums';
import { publicNodeSelect, type PublicNode } from './nodes';

/** The public node columns, for the one raw statement below (kept in step with publicNodeSelect). */
const publicNodeColumns = Prisma.raw(
  Object.keys(publicNodeSelect)
    .map((k) => `n."${k}"`)
    .join(', '),
);

/** A node the user owns or was shared, with the owner's name, the user's share role (null: owner) and whether it is their default. */
export type VisibleNodeRow = PublicNode & { ownerName: string; shareRole: NodeShareRole | null; isDefault: boolean };

/**
 * Every page asks for these, so it is one statement: through the query builder the owner's name,
 * the share and the user's default node were four queries. Who may see what is decided in
 * @kiln/services (nodes/access.ts, scopes.ts); this WHERE is the same rule as visibleTo().nodes.
 */
export async function visibleNodeRows(db: PrismaClient, userId: string): Promise<VisibleNodeRow[]> {
  return db.$queryRaw<VisibleNodeRow[]>`
    SELECT ${publicNodeColumns}, o."username" AS "ownerName", s."role"::text AS "shareRole",
      COALESCE(me."defaultNodeId" = n."id", false) AS "isDefault"
    FROM "Node" n
    JOIN "User" o ON o."id" = n."userId"
    LEFT JOIN "NodeShare" s ON s."nodeId" = n."id" AND s."userId" = ${userId}::uuid
    LEFT JOIN "User" me ON me."id" = ${userId}::uuid
    WHERE n."userId" = ${userId}::uuid OR s."id" IS NOT NULL
    ORDER BY n."name" ASC`;
}

export interface NodeShareRow {
  userId: string;
  username: string;
  role: NodeShareRole;
  createdAt: Date;
}

export async function listNodeShares(db: PrismaClient, nodeId: string): Promise<NodeShareRow[]> {
  const rows = await db.nodeShare.findMany({ where: { nodeId }, include: { user: { select: { username: true } } }, orderBy: { createdAt: 'asc' } });
  return rows.map((r) => ({ userId: r.userId, username: r.user.username, role: r.role, createdAt: r.createdAt }));
}

/** Adds a share or changes its role. */
export async function upsertNodeShare(db: PrismaClient, input: { nodeId: string; userId: string; role: NodeShareRole; createdById: string }): Promise<void> {
  await db.nodeShare.upsert({
    where: { nodeId_userId: { nodeId: input.nodeId, userId: input.userId } },
    create: input,
    update: { role: input.role },
  });
}

export async function deleteNodeShare(db: PrismaClient, nodeId: string, userId: string): Promise<boolean> {
  return (await db.nodeShare.deleteMany({ where: { nodeId, userId } })).count > 0;
}
