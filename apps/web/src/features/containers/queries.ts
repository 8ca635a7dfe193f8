import 'server-only';
import { readInventory, updateCountsFor, type InventoryRow, type UpdateCount, type VisibleNode } from '@kiln/services';
import { deps } from '@/server/services';
import { userNodes } from '@/features/nodes/queries';

/** `nodes`: the user's visible nodes when the caller has read them already; `waitMs`: how long to wait for a first poll. */
export async function inventoryFor(userId: string, opts: { nodes?: VisibleNode[]; waitMs?: number } = {}) {
  return readInventory(deps().db, deps().redis, userId, { nodes: opts.nodes ?? (await userNodes(userId)), waitMs: opts.waitMs });
}

type RowWithUpdates = InventoryRow & { updates?: UpdateCount };
/** Rows with their update counts, reused while neither the rows nor the counts' stamp changed (table views memoize by array identity). */
const withUpdates = new WeakMap<readonly InventoryRow[], { stamp: string; rows: RowWithUpdates[] }>();

/** The inventory with each row's last update check (the counts are read again only when a check changed them). */
export async function inventoryWithUpdates(userId: string, opts: { nodes?: VisibleNode[]; waitMs?: number } = {}) {
  const inv = await inventoryFor(userId, opts);
  const { counts, stamp } = await updateCountsFor(deps(), inv);
  const hit = withUpdates.get(inv.rows);
  if (stamp !== null && hit?.stamp === stamp) return { ...inv, rows: hit.rows };
  const rows = counts.size
    ? inv.rows.map((r): RowWithUpdates => {
        const u = counts.get(`${r.nodeId}:${r.vmid}`);
        return u ? { ...r, updates: u } : r;
      })
    : inv.rows;
  if (stamp !== null) withUpdates.set(inv.rows, { stamp, rows });
  return { ...inv, rows };
}
