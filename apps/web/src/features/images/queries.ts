import 'server-only';
import { nodeImages } from '@kiln/services';
import { deps } from '@/server/services';

/** The node's OS images for the page (any role on the node; PVE is asked live). */
export function imagesOf(userId: string, nodeId: string) {
  return nodeImages(deps().db, userId, nodeId);
}
