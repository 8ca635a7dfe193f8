import 'server-only';
import { containerUpdateStatus, nodeUpdateCounts } from '@kiln/services';
import { deps } from '@/server/services';

export function containerUpdates(userId: string, ref: { nodeId: string; vmid: number }) {
  return containerUpdateStatus(deps().db, userId, ref);
}

export function nodeUpdates(userId: string, nodeId: string) {
  return nodeUpdateCounts(deps().db, userId, nodeId);
}
