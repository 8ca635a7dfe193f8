import 'server-only';
import { readInventory } from '@kiln/services';
import { getDb, getRedis } from '@/server/services';

export function inventoryFor(userId: string) {
  return readInventory(getDb(), getRedis(), userId);
}
