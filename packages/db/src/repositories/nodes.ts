import { ConflictError, NotFoundError } from '@kiln/core';
import type { Prisma, PrismaClient } from '../generated/client';

/** Node columns that may leave the server: everything except the encrypted secrets. */
export const publicNodeSelect = {
  id: true,
  userId: true,
  name: true,
  host: true,
  apiPort: true,
  tokenId: true,
  tlsMode: true,
  tlsFingerprint: true,
  sshHost: true,
  sshPort: true,
  sshUser: true,
  sshAuth: true,
  sshPublicKey: true,
  sshHostKeyFingerprint: true,
  sshState: true,
  sshError: true,
  pveNodeName: true,
  clusterName: true,
  pveVersion: true,
  lastCheckAt: true,
  lastCheck: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.NodeSelect;

export type PublicNode = Prisma.NodeGetPayload<{ select: typeof publicNodeSelect }>;

/** The user's nodes, default first, then by name. */
export async function listNodes(db: PrismaClient, userId: string): Promise<(PublicNode & { isDefault: boolean })[]> {
  const [nodes, user] = await Promise.all([
    db.node.findMany({ where: { userId }, select: publicNodeSelect, orderBy: { name: 'asc' } }),
    db.user.findUnique({ where: { id: userId }, select: { defaultNodeId: true } }),
  ]);
  return nodes.map((n) => ({ ...n, isDefault: n.id === user?.defaultNodeId })).sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

/** One of the user's nodes; another user's id is indistinguishable from a missing one. */
export async function getNodeOrThrow(db: PrismaClient, userId: string, nodeId: string): Promise<PublicNode> {
  const node = await db.node.findFirst({ where: { id: nodeId, userId }, select: publicNodeSelect });
  if (!node) throw new NotFoundError('Node');
  return node;
}

/** Server-side only (connection tests, worker): includes the ciphertexts. */
export async function getNodeSecretsOrThrow(db: PrismaClient, userId: string, nodeId: string) {
  const node = await db.node.findFirst({ where: { id: nodeId, userId } });
  if (!node) throw new NotFoundError('Node');
  return node;
}

export async function nodeNameTaken(db: PrismaClient, userId: string, name: string, exceptId?: string): Promise<boolean> {
  const n = await db.node.findFirst({ where: { userId, name, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  return !!n;
}

/**
 * Creates a node with its id chosen up front (secrets are sealed against that id before the
 * insert). The user's first node becomes their default.
 */
export async function insertNode(db: PrismaClient, data: Prisma.NodeUncheckedCreateInput & { id: string }): Promise<PublicNode> {
  return db.$transaction(async (tx) => {
    if (await tx.node.findFirst({ where: { userId: data.userId, name: data.name }, select: { id: true } })) {
      throw new ConflictError('You already have a node with this name.', { name: 'You already have a node with this name.' });
    }
    const node = await tx.node.create({ data, select: publicNodeSelect });
    await tx.user.updateMany({ where: { id: data.userId, defaultNodeId: null }, data: { defaultNodeId: node.id } });
    return node;
  });
}

export async function updateNodeRow(db: PrismaClient, userId: string, nodeId: string, data: Prisma.NodeUncheckedUpdateInput): Promise<PublicNode> {
  const res = await db.node.updateMany({ where: { id: nodeId, userId }, data });
  if (res.count === 0) throw new NotFoundError('Node');
  return getNodeOrThrow(db, userId, nodeId);
}

/**
 * Deletes a node unless Kiln is still creating containers on it. Kiln's records of the node's
 * containers go with it (the containers themselves stay on Proxmox); the audit log keeps the history.
 */
export async function deleteNodeRow(db: PrismaClient, userId: string, nodeId: string): Promise<PublicNode> {
  return db.$transaction(async (tx) => {
    const node = await tx.node.findFirst({ where: { id: nodeId, userId }, select: publicNodeSelect });
    if (!node) throw new NotFoundError('Node');
    const creating = await tx.container.count({ where: { nodeId, lifecycle: 'creating' } });
    if (creating > 0) {
      throw new ConflictError(
        `Kiln is still creating ${creating} container${creating === 1 ? '' : 's'} on ${node.name}. Wait until ${creating === 1 ? 'it finishes' : 'they finish'} or delete ${creating === 1 ? 'it' : 'them'} first.`,
      );
    }
    await tx.containerEvent.deleteMany({ where: { container: { nodeId } } });
    await tx.containerStep.deleteMany({ where: { container: { nodeId } } });
    await tx.container.deleteMany({ where: { nodeId } });
    await tx.node.delete({ where: { id: nodeId } });
    // Another node becomes the default when the default goes away.
    const next = await tx.node.findFirst({ where: { userId }, orderBy: { createdAt: 'asc' }, select: { id: true } });
    await tx.user.updateMany({ where: { id: userId, defaultNodeId: null }, data: { defaultNodeId: next?.id ?? null } });
    return node;
  });
}

export async function setDefaultNode(db: PrismaClient, userId: string, nodeId: string): Promise<void> {
  await getNodeOrThrow(db, userId, nodeId);
  await db.user.update({ where: { id: userId }, data: { defaultNodeId: nodeId } });
}
