import 'server-only';
import { creationProgress as readCreationProgress, type CreationProgress } from '@kiln/services';
import { getDb, getRedis } from '@/server/services';

export type { CreationProgress };

/** A creation's state (PostgreSQL) and its operation's output so far (the channel), for the page. */
export function creationProgress(userId: string, containerId: string): Promise<CreationProgress | null> {
  return readCreationProgress({ db: getDb(), redis: getRedis() }, userId, containerId);
}
