import 'server-only';
import { readInventory, updateCountsFor, type InventoryRow, type UpdateCount } from '@kiln/services';
import { deps } from '@/server/services';
import { userNodes } from '@/features/nodes/queries';

export async function inventoryFor(userId: string) {
  return readInventory(deps().db, deps().redis, userId, { nodes: await userNodes(userId) });
}

type RowWithUpdates = InventoryRow & { updates?: UpdateCount };
/** Rows with their update counts, reused while neither the rows nor the counts changed (table views memoize by array identity). */
const withUpdates = new WeakMap<readonly InventoryRow[], { sig: string; rows: RowWithUpdates[] }>();

/** The inventory with each row's last update check (one query over the user's clusters). */
export async function inventoryWithUpdates(userId: string) {
  const inv = await inventoryFor(userId);
  const counts = await updateCountsFor(deps().db, inv);
  const sig = [...counts].map(([k, u]) => `${k}=${u.pending}/${u.security}/${u.error ? 1 : 0}`).join(',');
  const hit = withUpdates.get(inv.rows);
  if (hit?.sig === sig) return { ...inv, rows: hit.rows };
  const rows = counts.size
    ? inv.rows.map((r): RowWithUpdates => {
        const u = counts.get(`${r.nodeId}:${r.vmid}`);
        return u ? { ...r, updates: u } : r;
      })
    : inv.rows;
  withUpdates.set(inv.rows, { sig, rows });
  return { ...inv, rows };
}
