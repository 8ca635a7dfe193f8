import { Prisma, type Node, type PrismaClient } from '../generated/client';
import type { NodeShareRole } from '../generated/enums';
import { publicNodeSelect, type PublicNode } from './nodes';

/** What a user may do with a node: its owner everything, a sharee what the share says. */
export type NodeRole = 'owner' | NodeShareRole;

/** Rows of nodes a user owns or has been shared (for every query that lists what a user sees). */
export const visibleNodeWhere = (userId: string) => ({ OR: [{ userId }, { shares: { some: { userId } } }] });

export type VisibleNode = PublicNode & { isDefault: boolean; access: NodeRole; ownerName: string };

/** The public node columns, for the one raw statement below (kept in step with publicNodeSelect). */
const publicNodeColumns = Prisma.raw(Object.keys(publicNodeSelect).map((k) => `n."${k}"`).join(', '));

type VisibleNodeRow = PublicNode & { ownerName: string; shareRole: NodeShareRole | null; isDefault: boolean };

/**
 * Owned nodes first (default first), then shared ones, each by name. Every page asks for these,
 * so it is one statement: through the query builder the owner's name, the share and the user's
 * default node were four queries.
 */
export async function listVisibleNodes(db: PrismaClient, userId: string): Promise<VisibleNode[]> {
  const rows = await db.$queryRaw<VisibleNodeRow[]>`
    SELECT ${publicNodeColumns}, o."username" AS "ownerName", s."role"::text AS "shareRole",
      COALESCE(me."defaultNodeId" = n."id", false) AS "isDefault"
    FROM "Node" n
    JOIN "User" o ON o."id" = n."userId"
    LEFT JOIN "NodeShare" s ON s."nodeId" = n."id" AND s."userId" = ${userId}::uuid
    LEFT JOIN "User" me ON me."id" = ${userId}::uuid
    WHERE n."userId" = ${userId}::uuid OR s."id" IS NOT NULL
    ORDER BY n."name" ASC`;
  const rank = (n: VisibleNode) => (n.access === 'owner' ? (n.isDefault ? 0 : 1) : 2);
  return rows
    .map(({ shareRole, ...n }): VisibleNode => ({ ...n, access: n.userId === userId ? 'owner' : (shareRole ?? 'viewer') }))
    .sort((a, b) => rank(a) - rank(b));
}

/** A node with its ciphertexts (server-side only) and the user's role on it; null when the user has none. */
export async function findNodeWithRole(db: PrismaClient, userId: string, nodeId: string): Promise<{ node: Node; access: NodeRole } | null> {
  const row = await db.node.findFirst({ where: { id: nodeId, ...visibleNodeWhere(userId) }, include: { shares: { where: { userId }, select: { role: true } } } });
  if (!row) return null;
  const { shares, ...node } = row;
  return { node, access: node.userId === userId ? 'owner' : (shares[0]?.role ?? 'viewer') };
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
