import 'server-only';
import { creationProgress as progressOf, type CreationProgress } from '@kiln/services';
import { deps } from '@/server/services';

export type { CreationProgress };

/** A creation's state for anyone who can see its node (another user's id reads as not found). */
export function creationProgress(userId: string, containerId: string, afterOutputId = '0'): Promise<CreationProgress | null> {
  return progressOf(deps(), userId, containerId, afterOutputId);
}
