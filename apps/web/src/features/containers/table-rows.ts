import type { InventoryRow, UpdateCount } from '@kiln/services';
import { bodyHtml, rowId } from './row-html';

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
  /** An open alert about the guest (added by the page, withRowAlerts, not cached with the rows). */
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

/** One page of rows as the table takes it: JSON for the browser, body markup for the server's first paint. */
export interface PageRows {
  json: string;
  /** Built on first use (only page views that render HTML need it). */
  html(): string;
}

/**
 * One page of rows, by the (memoized, see tableView) rows array it is cut from: open tabs refresh
 * every 5 s and the array only changes with a poll, so a page's 100 rows are picked, serialised
 * and turned into markup once per poll, not once per view. Read only; a few pages per array.
 */
const pages = new WeakMap<readonly InventoryRow[], Map<string, PageRows>>();
const PAGES_PER_ROWS = 8;

export function pageRows(rows: readonly InventoryRow[], from: number, per: number): PageRows {
  const key = `${from} ${per}`;
  let byKey = pages.get(rows);
  if (!byKey) pages.set(rows, (byKey = new Map()));
  let page = byKey.get(key);
  if (page === undefined) {
    const table = rows.slice(from, from + per).map(toTableRow);
    let html: string | undefined;
    page = { json: JSON.stringify(table), html: () => (html ??= bodyHtml(table)) };
    if (byKey.size >= PAGES_PER_ROWS) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, page);
  }
  return page;
}

/** The JSON of one page of rows (see pageRows). */
export const pageRowsJson = (rows: readonly InventoryRow[], from: number, per: number): string => pageRows(rows, from, per).json;

/** Open alert states by row id (`nodeId:vmid`); few, and they change apart from the rows. */
export type RowAlerts = Record<string, 'firing' | 'acknowledged'>;

/**
 * A page of rows with the chips of open alerts: the same (cached) page when nothing on it has an
 * open alert, else rows of its own, since alerts change apart from the polls the cache follows.
 */
export function withRowAlerts(page: PageRows, alerts: RowAlerts): PageRows {
  if (Object.keys(alerts).length === 0) return page;
  const rows = (JSON.parse(page.json) as TableRow[]).map((r) => {
    const alert = alerts[rowId(r)];
    return alert ? { ...r, alert } : r;
  });
  return { json: JSON.stringify(rows), html: () => bodyHtml(rows) };
}
