import type { InventoryRow, UpdateCount } from '@kiln/services';

/** The inventory fields the containers table shows, sent as they are. */
const SHOWN = ['nodeId', 'vmid', 'type', 'name', 'node', 'status', 'cpu', 'maxcpu', 'mem', 'maxmem', 'disk', 'maxdisk', 'uptime', 'tags', 'ips', 'ipNote', 'access', 'sharedBy'] as const;

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
  /** Rows being created, and VMs (the bulk actions are container operations), take no bulk actions. */
  selectable: boolean;
  /** An open alert about the guest (added by the table from the page's alert states, not cached with the rows). */
  alert?: 'firing' | 'acknowledged';
};

export function toTableRow(r: InventoryRow & { updates?: UpdateCount }): TableRow {
  const k = r.kiln;
  const row: Record<string, unknown> = { selectable: r.type === 'lxc' && k?.lifecycle !== 'creating' };
  // Absent values are left out rather than sent as `undefined`.
  for (const key of SHOWN) if (r[key] !== undefined) row[key] = r[key];
  if (r.updates) row.updates = r.updates;
  if (k?.templateSlug) row.template = `${k.templateSlug} ${k.templateVersion ?? ''}`.trim();
  if (k && k.lifecycle !== 'ready') row.progress = k.lifecycle === 'creating' ? (k.step ?? 'queued') : 'creation failed';
  return row as TableRow;
}

/**
 * The JSON of one page of rows, by the (memoized, see tableView) rows array it is cut from: open
 * tabs refresh every 5 s and the array only changes with a poll, so a page's 100 rows are picked
 * and serialised once per poll, not once per view. Read only; a few pages per array.
 */
const pages = new WeakMap<readonly InventoryRow[], Map<string, string>>();
const PAGES_PER_ROWS = 8;

export function pageRowsJson(rows: readonly InventoryRow[], from: number, per: number): string {
  const key = `${from} ${per}`;
  let byKey = pages.get(rows);
  if (!byKey) pages.set(rows, (byKey = new Map()));
  let json = byKey.get(key);
  if (json === undefined) {
    json = JSON.stringify(rows.slice(from, from + per).map(toTableRow));
    if (byKey.size >= PAGES_PER_ROWS) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, json);
  }
  return json;
}
