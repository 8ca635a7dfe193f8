import type { InventoryRow, UpdateCount } from '@kiln/services';

/** The inventory fields the containers table shows, sent as they are. */
const SHOWN = ['nodeId', 'vmid', 'name', 'node', 'status', 'cpu', 'maxcpu', 'mem', 'maxmem', 'disk', 'maxdisk', 'uptime', 'tags', 'access', 'sharedBy'] as const;

/**
 * What the containers table needs of one row, and nothing more: the table is a client
 * component, so these objects are what the page sends (100 of them by default, not the 900
 * inventory rows with their Kiln bookkeeping).
 */
export type TableRow = Pick<InventoryRow, (typeof SHOWN)[number]> & {
  /** The last update check: pending upgrades, security ones, whether it failed. */
  updates?: UpdateCount;
  /** `slug version` of the Kiln template the container came from. */
  template?: string;
  /** A Kiln creation not yet ready: its running step, `queued` or `creation failed`. */
  progress?: string;
  /** Rows being created take no bulk actions. */
  selectable: boolean;
};

export function toTableRow(r: InventoryRow & { updates?: UpdateCount }): TableRow {
  const k = r.kiln;
  const row: Record<string, unknown> = { selectable: k?.lifecycle !== 'creating' };
  // Absent values are left out rather than sent as `undefined`.
  for (const key of SHOWN) if (r[key] !== undefined) row[key] = r[key];
  if (r.updates) row.updates = r.updates;
  if (k?.templateSlug) row.template = `${k.templateSlug} ${k.templateVersion ?? ''}`.trim();
  if (k && k.lifecycle !== 'ready') row.progress = k.lifecycle === 'creating' ? (k.step ?? 'queued') : 'creation failed';
  return row as TableRow;
}
