'use server';

import { nodeForRole, pveClientForNode } from '@kiln/services';
import { nodeIdSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { getDb } from '@/server/services';

/** Storages of the node that can hold container disks, with their free space. */
export const nodeStoragesAction = authAction
  .metadata({ name: 'nodeStorages' })
  .inputSchema(nodeIdSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { node } = await nodeForRole(getDb(), ctx.user.id, parsedInput.nodeId, 'operator');
    const list = await pveClientForNode(node).storages(node.pveNodeName ?? '', { content: 'rootdir', enabled: true });
    return list
      .filter((s) => s.enabled !== false)
      .map((s) => ({ storage: s.storage, type: s.type, avail: s.avail ?? null, total: s.total ?? null }))
      .sort((a, b) => (b.avail ?? 0) - (a.avail ?? 0));
  });
