import { ForbiddenError, NotFoundError } from '@kiln/core';
import { publicNodeSelect, type Db, type Node, type NodeShareRole, type PublicNode } from '@kiln/db';
import { visibleTo } from '../scopes';

/**
 * The one definition of who may do what with a node. Every service that reaches a node (and its
 * containers) goes through these, never through its own `userId` comparison.
 *   owner    — everything: edit, delete, secrets, shares, and what an operator may do
 *   operator — act on containers: power, console, services, create on it
 *   viewer   — read only: containers, metrics, history
 */
/** What a user may do with a node: its owner everything, a sharee what the share says. */
export type NodeRole = 'owner' | NodeShareRole;

export type VisibleNode = PublicNode & { isDefault: boolean; access: NodeRole; ownerName: string };

const RANK: Record<NodeRole, number> = { viewer: 1, operator: 2, owner: 3 };

export function allows(access: NodeRole | null | undefined, need: NodeRole): boolean {
  return !!access && RANK[access] >= RANK[need];
}

/** The user's role on a node, or null when it is neither theirs nor shared with them. */
export async function nodeAccess(db: Db, userId: string, nodeId: string): Promise<NodeRole | null> {
  return (await findNodeWithRole(db, userId, nodeId))?.access ?? null;
}

/** Nodes the user owns or was shared, with their role and the owner's name: owned first (default first), then shared, each by name. */
export async function visibleNodes(db: Db, userId: string): Promise<VisibleNode[]> {
  const [nodes, user] = await Promise.all([
    db.node.findMany({
      where: visibleTo(userId).nodes,
      select: { ...publicNodeSelect, user: { select: { username: true } }, shares: { where: { userId }, select: { role: true } } },
      orderBy: { name: 'asc' },
    }),
    db.user.findUnique({ where: { id: userId }, select: { defaultNodeId: true } }),
  ]);
  const rank = (n: VisibleNode) => (n.access === 'owner' ? (n.isDefault ? 0 : 1) : 2);
  return nodes
    .map(({ user: owner, shares, ...n }): VisibleNode => ({
      ...n,
      isDefault: n.id === user?.defaultNodeId,
      access: n.userId === userId ? 'owner' : (shares[0]?.role ?? 'viewer'),
      ownerName: owner.username,
    }))
    .sort((a, b) => rank(a) - rank(b));
}

/** A node with its ciphertexts (server-side only) and the user's role on it; null when the user has none. */
async function findNodeWithRole(db: Db, userId: string, nodeId: string): Promise<{ node: Node; access: NodeRole } | null> {
  const row = await db.node.findFirst({ where: { id: nodeId, ...visibleTo(userId).nodes }, include: { shares: { where: { userId }, select: { role: true } } } });
  if (!row) return null;
  const { shares, ...node } = row;
  return { node, access: node.userId === userId ? 'owner' : (shares[0]?.role ?? 'viewer') };
}

const WHY: Record<Exclude<NodeRole, 'viewer'>, string> = {
  operator: 'This node is shared with you read-only: ask its owner for operator access to do that.',
  owner: 'Only the owner of this node can do that.',
};

/**
 * The node (with ciphertexts, server-side only) when the user has at least `need` on it. No role
 * at all looks like a missing node; too small a role is refused with a reason.
 */
export async function nodeForRole(db: Db, userId: string, nodeId: string, need: NodeRole): Promise<{ node: Node; access: NodeRole }> {
  const found = await findNodeWithRole(db, userId, nodeId);
  if (!found) throw new NotFoundError('Node');
  if (!allows(found.access, need)) throw new ForbiddenError(WHY[need as Exclude<NodeRole, 'viewer'>]);
  return found;
}
