import type { PrismaClient } from '../generated/client';
import type { NodeShareRole } from '../generated/enums';

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
