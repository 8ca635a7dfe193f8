import type { Db } from '@kiln/db';
import { nodeForRole } from './access';
import { pveClientForNode } from './pve-client';

/** Storages of the node that can hold container disks, with their free space, most free first (operators only). */
export async function nodeStorages(db: Db, userId: string, nodeId: string) {
  const { node } = await nodeForRole(db, userId, nodeId, 'operator');
  const list = await pveClientForNode(node).storages(node.pveNodeName ?? '', { content: 'rootdir', enabled: true });
  return list
    .filter((s) => s.enabled !== false)
    .map((s) => ({ storage: s.storage, type: s.type, avail: s.avail ?? null, total: s.total ?? null }))
    .sort((a, b) => (b.avail ?? 0) - (a.avail ?? 0));
}
