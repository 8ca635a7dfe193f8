import 'server-only';
import { creationProgress as progressOf, type CreationProgress } from '@kiln/services';
import { deps } from '@/server/services';

export type { CreationProgress };

/** A creation's state (PostgreSQL) and its operation's output so far (the channel), for the page. */
export function creationProgress(userId: string, containerId: string): Promise<CreationProgress | null> {
  return progressOf(deps(), userId, containerId);
}
