import 'server-only';
import { readInventory } from '@kiln/services';
import { getDb, getRedis } from '@/server/services';
import { userNodes } from '@/features/nodes/queries';

export async function inventoryFor(userId: string) {
  return readInventory(getDb(), getRedis(), userId, { nodes: await userNodes(userId) });
}
