import 'server-only';
import { firingCountFor } from '@/features/alerts/queries';
import { nodeCount } from '@/features/nodes/queries';

/**
 * What the app layout shows besides the user: the firing alerts badge and whether any node is
 * connected. Read here only, so cached page views (features/containers/view-key.ts) key on the
 * same values the layout renders.
 */
export async function shellInputs(userId: string): Promise<{ nodes: number; firing: number }> {
  const [nodes, firing] = await Promise.all([nodeCount(userId), firingCountFor(userId)]);
  return { nodes, firing };
}
