import 'server-only';
import { readInventory, updateCountsFor, type InventoryRow, type UpdateCount } from '@kiln/services';
import { deps } from '@/server/services';
import { userNodes } from '@/features/nodes/queries';

export async function inventoryFor(userId: string) {
  return readInventory(deps().db, deps().redis, userId, { nodes: await userNodes(userId) });
}

type RowWithUpdates = InventoryRow & { updates?: UpdateCount };
/** Rows with their update counts, reused while neither the rows nor the counts' stamp changed (table views memoize by array identity). */
const withUpdates = new WeakMap<readonly InventoryRow[], { stamp: string; rows: RowWithUpdates[] }>();

/** The inventory with each row's last update check (the counts are read again only when a check changed them). */
export async function inventoryWithUpdates(userId: string) {
  const inv = await inventoryFor(userId);
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
