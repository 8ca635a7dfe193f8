import 'server-only';
import { readInventory } from '@kiln/services';
import { deps } from '@/server/services';
import { userNodes } from '@/features/nodes/queries';

export async function inventoryFor(userId: string) {
  return readInventory(deps().db, deps().redis, userId, { nodes: await userNodes(userId) });
}
