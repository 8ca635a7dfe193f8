import { ForbiddenError, NotFoundError } from '@kiln/core';
import { findNodeWithRole, listVisibleNodes, type Db, type Node, type NodeRole, type VisibleNode } from '@kiln/db';

/**
 * The one definition of who may do what with a node. Every service that reaches a node (and its
 * containers) goes through these, never through its own `userId` comparison.
 *   owner    — everything: edit, delete, secrets, shares, and what an operator may do
 *   operator — act on containers: power, console, services, create on it
 *   viewer   — read only: containers, metrics, history
 */
export type { NodeRole, VisibleNode };

const RANK: Record<NodeRole, number> = { viewer: 1, operator: 2, owner: 3 };

export function allows(access: NodeRole | null | undefined, need: NodeRole): boolean {
  return !!access && RANK[access] >= RANK[need];
}

/** The user's role on a node, or null when it is neither theirs nor shared with them. */
export async function nodeAccess(db: Db, userId: string, nodeId: string): Promise<NodeRole | null> {
  return (await findNodeWithRole(db, userId, nodeId))?.access ?? null;
}

/** Nodes the user owns or was shared, with their role and the owner's name. */
export function visibleNodes(db: Db, userId: string): Promise<VisibleNode[]> {
  return listVisibleNodes(db, userId);
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
