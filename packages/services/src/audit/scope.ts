import type { Prisma } from '@kiln/db';

/**
 * Whose audit events a viewer sees: an admin everyone's (or one user's, by name); anyone else
 * their own plus what others did to the nodes they own and the containers on them (a container's
 * target id is "<nodeId>/<vmid>"). Pure: the caller looks up the owned node ids.
 */
export function auditScope(viewer: { id: string; role: string }, ownedNodeIds: string[], byUser?: string): Prisma.AuditEventWhereInput {
  if (viewer.role === 'admin') return byUser ? { actor: { equals: byUser, mode: 'insensitive' } } : {};
  if (ownedNodeIds.length === 0) return { userId: viewer.id };
  return {
    OR: [{ userId: viewer.id }, { targetType: 'node', targetId: { in: ownedNodeIds } }, ...ownedNodeIds.map((id) => ({ targetType: 'container', targetId: { startsWith: `${id}/` } }))],
  };
}
