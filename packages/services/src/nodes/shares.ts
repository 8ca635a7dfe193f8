import { NotFoundError, ValidationError } from '@kiln/core';
import { deleteNodeShare, listNodeShares, recordAudit, upsertNodeShare, type Db, type NodeShareRow } from '@kiln/db';
import type { NodeShareInput, RevokeShareInput } from '../schemas/nodes';
import { nodeForRole } from './access';
import type { Actor } from './service';

/**
 * The owner of a node shares it with other Kiln users as operator or viewer. Only the owner sees
 * and changes the list; every change is in the audit log. Access is read from the table on every
 * request, so a revoked share ends access at the next one.
 */
export class NodeShares {
  constructor(private readonly db: Db) {}

  async list(actor: Actor, nodeId: string): Promise<NodeShareRow[]> {
    await nodeForRole(this.db, actor.id, nodeId, 'owner');
    return listNodeShares(this.db, nodeId);
  }

  /** Adds a share, or changes the role of an existing one. */
  async share(actor: Actor, input: NodeShareInput): Promise<void> {
    const { node } = await nodeForRole(this.db, actor.id, input.nodeId, 'owner');
    const user = await this.db.user.findUnique({ where: { username: input.username }, select: { id: true, username: true } });
    const notFound = 'There is no Kiln user with this name.';
    if (!user) throw new ValidationError(notFound, { username: notFound });
    if (user.id === actor.id) throw new ValidationError('This is your own node.', { username: 'This is your own node.' });
    await upsertNodeShare(this.db, { nodeId: node.id, userId: user.id, role: input.role, createdById: actor.id });
    await recordAudit(this.db, {
      userId: actor.id,
      actor: actor.username,
      action: 'node.share',
      outcome: 'success',
      targetType: 'node',
      targetId: node.id,
      targetName: node.name,
      ip: actor.ip,
      detail: { with: user.username, role: input.role },
    });
  }

  async revoke(actor: Actor, input: RevokeShareInput): Promise<void> {
    const { node } = await nodeForRole(this.db, actor.id, input.nodeId, 'owner');
    if (!(await deleteNodeShare(this.db, node.id, input.userId))) throw new NotFoundError('Share');
    await recordAudit(this.db, {
      userId: actor.id,
      actor: actor.username,
      action: 'node.unshare',
      outcome: 'success',
      targetType: 'node',
      targetId: node.id,
      targetName: node.name,
      ip: actor.ip,
      detail: { userId: input.userId },
    });
  }
}
