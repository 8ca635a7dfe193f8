import type { InventoryRow } from '@kiln/services';

/** The inventory fields the containers table shows, sent as they are. */
const SHOWN = ['nodeId', 'vmid', 'type', 'name', 'node', 'status', 'cpu', 'maxcpu', 'mem', 'maxmem', 'disk', 'maxdisk', 'uptime', 'tags', 'ips', 'ipNote', 'access', 'sharedBy'] as const;

/**
 * What the containers table needs of one row, and nothing more: the table is a client
 * component, so these objects are what the page sends (100 of them by default, not the 900
 * inventory rows with their Kiln bookkeeping).
 */
export type TableRow = Pick<InventoryRow, (typeof SHOWN)[number]> & {
  /** `slug version` of the Kiln template the container came from. */
  template?: string;
  /** A Kiln creation not yet ready: its running step, `queued` or `creation failed`. */
  progress?: string;
  /** Rows being created, and VMs (the bulk actions are container operations), take no bulk actions. */
  selectable: boolean;
};

export function toTableRow(r: InventoryRow): TableRow {
  const k = r.kiln;
  const row: Record<string, unknown> = { selectable: r.type === 'lxc' && k?.lifecycle !== 'creating' };
  // Absent values are left out rather than sent as `undefined`.
  for (const key of SHOWN) if (r[key] !== undefined) row[key] = r[key];
  if (k?.templateSlug) row.template = `${k.templateSlug} ${k.templateVersion ?? ''}`.trim();
  if (k && k.lifecycle !== 'ready') row.progress = k.lifecycle === 'creating' ? (k.step ?? 'queued') : 'creation failed';
  return row as TableRow;
}
