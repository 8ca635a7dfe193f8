import type { AlertKind, Db } from '@kiln/db';
import { clusterKeyOf } from '../inventory/clusters';

/** One alert's open span, for shading a chart: `to` is null while it is still open. */
export interface AlertPeriod {
  id: string;
  kind: AlertKind;
  title: string;
  /** ms epoch */
  from: number;
  /** ms epoch; null while the alert is open */
  to: number | null;
}

/** At most this many periods per chart: a flapping container must not send thousands of areas. */
export const MAX_PERIODS = 200;

/**
 * The periods when an alert was open about one container (`vmid`) or one PVE node (`pveNode`,
 * alerts about the node itself, not its guests) since `since`. The owner's only: alerts belong to
 * the owner of the node they are about; anybody else (a user the node is shared with included)
 * gets none.
 */
export async function alertPeriods(db: Db, userId: string, target: { nodeId: string; vmid: number } | { nodeId: string; pveNode: string }, since: Date): Promise<AlertPeriod[]> {
  const node = await db.node.findFirst({ where: { id: target.nodeId, userId }, select: { id: true, userId: true, clusterName: true } });
  if (!node) return [];
  const about = 'vmid' in target ? { vmid: target.vmid } : { vmid: null, pveNode: target.pveNode };
  const rows = await db.alert.findMany({
    where: { userId, clusterKey: clusterKeyOf(node), ...about, OR: [{ resolvedAt: null }, { resolvedAt: { gte: since } }] },
    orderBy: { firedAt: 'desc' },
    take: MAX_PERIODS,
    select: { id: true, kind: true, title: true, firedAt: true, resolvedAt: true },
  });
  return rows.reverse().map((r) => ({ id: r.id, kind: r.kind, title: r.title, from: r.firedAt.getTime(), to: r.resolvedAt?.getTime() ?? null }));
}
