import type { AuditOutcome, Db, Prisma } from '@kiln/db';
import { recordAudit } from '@kiln/db';
import { isUnnamedContainer } from '../inventory/snapshot';
import type { Actor } from '../nodes/service';
import type { LocatedContainer } from './locate';

/** `nodeId/vmid`: the container page's address, so audit rows of any container link back to it. */
export const containerTargetId = (loc: Pick<LocatedContainer, 'ref'>) => `${loc.ref.nodeId}/${loc.ref.vmid}`;

/** Kiln's hostname for its own rows (PVE lists a brand-new container without a name for a few seconds). */
export function containerName(loc: Pick<LocatedContainer, 'guest' | 'kiln' | 'ref'>): string {
  // PVE names a container "CT<vmid>" until its config carries a host name (and the cached
  // snapshot may still say so right after a creation): Kiln's own record knows better then.
  const pveName = loc.guest?.name;
  return (isUnnamedContainer(pveName, loc.ref.vmid) ? loc.kiln?.hostname : pveName) ?? pveName ?? `CT ${loc.ref.vmid}`;
}

/**
 * One change to a container: an audit row for the user, and (for containers Kiln created) an
 * event on the container's own timeline. `detail` holds ids, names and PVE's texts, never secrets.
 */
export async function recordContainerChange(
  db: Db,
  actor: Actor,
  loc: LocatedContainer,
  change: { action: string; outcome: AuditOutcome; message: string; detail?: Record<string, string | number | boolean | null | undefined> },
): Promise<void> {
  const detail = Object.fromEntries(Object.entries({ vmid: loc.ref.vmid, pveNode: loc.pveNode, ...change.detail }).filter(([, v]) => v !== undefined)) as Prisma.InputJsonObject;
  await recordAudit(db, {
    userId: actor.id,
    actor: actor.username,
    action: change.action,
    outcome: change.outcome,
    targetType: 'container',
    targetId: containerTargetId(loc),
    targetName: containerName(loc),
    ip: actor.ip,
    detail,
  });
  if (loc.kiln) {
    await db.containerEvent.create({
      data: {
        containerId: loc.kiln.id,
        level: change.outcome === 'success' ? 'info' : 'error',
        type: change.action,
        message: change.message,
        data: { ...detail, by: actor.username },
      },
    });
  }
}
