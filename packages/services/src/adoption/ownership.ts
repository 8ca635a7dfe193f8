import type { Db } from '@kiln/db';
import { ownershipTag } from '../provisioning/spec';

const OWNERSHIP_TAG = /^kiln-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The row ids named by a container's `kiln-<id>` tags. */
export function ownershipIds(tags: readonly string[]): string[] {
  return tags.flatMap((t) => {
    const m = OWNERSHIP_TAG.exec(t);
    return m?.[1] ? [m[1]] : [];
  });
}

/**
 * The ownership tag of a live Kiln row (any user's) other than `ownId` that the container carries:
 * such a container is already Kiln's and is not adopted again. A tag whose row is gone (an orphan
 * the janitor reports) does not count: adoption replaces it.
 */
export async function foreignOwner(db: Db, tags: readonly string[], ownId: string | null): Promise<string | undefined> {
  const ids = ownershipIds(tags).filter((id) => id !== ownId);
  if (ids.length === 0) return undefined;
  const live = await db.container.findFirst({ where: { id: { in: ids }, lifecycle: { not: 'deleted' } }, select: { id: true } });
  return live ? ownershipTag(live.id) : undefined;
}
