/**
 * The guests table's search language: `node:pve1 status:running tag:web type:vm ip:10.10. nginx` —
 * keyed terms filter their column (repeat a key to allow several values; `type:` is `ct` or `vm`,
 * `ip:` matches the start of any of a guest's addresses), other words match name, VMID, tags
 * or template. `updates:any|security|app|none|error` filters by the last update check (`app`: a
 * newer version of the app of the container's template; `any` counts it too);
 * `alert:any` (or `alert:firing`, `alert:acknowledged`, `alert:none`) keeps the guests with
 * open alerts. Pure functions, shared by the page and its tests.
 */
export interface FilterableRow {
  vmid: number;
  type: 'lxc' | 'qemu';
  name: string;
  node: string;
  status: string;
  tags: string[];
  cpu?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  uptime?: number;
  ips?: string[];
  kiln?: { templateSlug: string | null; templateVersion: string | null } | undefined;
  /** The last update check's counts (absent: never checked). */
  updates?: { pending: number; security: number; error: boolean; app?: { name: string; installed: string; latest: string } | undefined };
  /** The container's open alert state, when the page looked it up (only for `alert:` searches). */
  alert?: 'firing' | 'acknowledged' | undefined;
}

export interface ParsedQuery {
  node: string[];
  status: string[];
  tag: string[];
  template: string[];
  updates: string[];
  alert: string[];
  /** `lxc` or `qemu` (typed as `ct`/`container`/`lxc` and `vm`/`qemu`); anything else matches nothing. */
  type: string[];
  ip: string[];
  text: string[];
}

const KEYS = ['node', 'status', 'tag', 'template', 'updates', 'alert', 'type', 'ip'] as const;

const TYPE_ALIASES: Record<string, string> = { ct: 'lxc', container: 'lxc', lxc: 'lxc', vm: 'qemu', qemu: 'qemu' };

/** `updates:` values: pending upgrades (or a newer app version), security ones, a newer app version, checked and none, last check failed. */
export const UPDATE_FILTERS = ['any', 'security', 'app', 'none', 'error'] as const;

function updatesMatch(u: FilterableRow['updates'], want: string): boolean {
  switch (want) {
    case 'any':
      return (u?.pending ?? 0) > 0 || u?.app !== undefined;
    case 'security':
      return (u?.security ?? 0) > 0;
    case 'app':
      return u?.app !== undefined;
    case 'none':
      return u !== undefined && u.pending === 0 && !u.error && u.app === undefined;
    case 'error':
      return u?.error === true;
    default:
      return false;
  }
}

export function parseQuery(q: string): ParsedQuery {
  const out: ParsedQuery = { node: [], status: [], tag: [], template: [], updates: [], alert: [], type: [], ip: [], text: [] };
  for (const raw of q.trim().split(/\s+/).filter(Boolean)) {
    // A known key without its value (`ip:` while the user is still typing) filters nothing yet.
    if (/^[a-z]+:$/i.test(raw) && (KEYS as readonly string[]).includes(raw.slice(0, -1).toLowerCase())) continue;
    const m = /^([a-z]+):(.+)$/i.exec(raw);
    const key = m?.[1]?.toLowerCase();
    if (key === 'type') out.type.push(TYPE_ALIASES[m![2]!.toLowerCase()] ?? `unknown:${m![2]!.toLowerCase()}`);
    else if (m && key && (KEYS as readonly string[]).includes(key)) out[key as (typeof KEYS)[number]].push(m[2]!.toLowerCase());
    else out.text.push(raw.toLowerCase());
  }
  return out;
}

export function matches(row: FilterableRow, q: ParsedQuery): boolean {
  if (q.node.length && !q.node.includes(row.node.toLowerCase())) return false;
  if (q.status.length && !q.status.includes(row.status.toLowerCase())) return false;
  if (q.tag.length && !q.tag.every((t) => row.tags.includes(t))) return false;
  if (q.template.length && !q.template.includes((row.kiln?.templateSlug ?? '').toLowerCase())) return false;
  if (q.updates.length && !q.updates.some((w) => updatesMatch(row.updates, w))) return false;
  if (q.alert.length && !q.alert.some((a) => (a === 'any' ? row.alert !== undefined : a === 'none' ? row.alert === undefined : row.alert === a))) return false;
  if (q.type.length && !q.type.includes(row.type)) return false;
  if (q.ip.length && !q.ip.some((p) => (row.ips ?? []).some((ip) => ip.toLowerCase().startsWith(p)))) return false;
  const hay = `${row.vmid} ${row.name} ${row.tags.join(' ')} ${row.kiln?.templateSlug ?? ''}`.toLowerCase();
  return q.text.every((w) => hay.includes(w));
}

/** The rows a search string selects; an empty search selects all without looking at each. */
export function filterRows<T extends FilterableRow>(rows: T[], q: string): T[] {
  const parsed = parseQuery(q);
  if (Object.values(parsed).every((terms) => terms.length === 0)) return rows;
  return rows.filter((r) => matches(r, parsed));
}

export const SORT_KEYS = ['vmid', 'type', 'name', 'node', 'status', 'ip', 'cpu', 'mem', 'disk', 'uptime', 'updates', 'template'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

function sortValue(r: FilterableRow, key: SortKey): number | string {
  switch (key) {
    case 'vmid':
      return r.vmid;
    case 'type':
      return r.type;
    case 'ip':
      return ipSortKey(r.ips?.[0]);
    case 'name':
      return r.name.toLowerCase();
    case 'node':
      return r.node;
    case 'status':
      return r.status;
    case 'cpu':
      return r.cpu ?? -1;
    case 'mem':
      return r.mem ?? -1;
    case 'disk':
      return r.disk ?? -1;
    case 'uptime':
      return r.uptime ?? -1;
    case 'template':
      return r.kiln?.templateSlug ?? '';
    case 'updates':
      // Security first, then the number pending (a newer app version counts as one); never checked sorts below up to date.
      return r.updates ? r.updates.security * 100_000 + r.updates.pending + (r.updates.app ? 1 : 0) : -1;
  }
}

/** IPv4 addresses in numeric order (10.0.0.9 before 10.0.0.10), then IPv6, then guests without one. */
function ipSortKey(ip: string | undefined): string {
  if (!ip) return 'z';
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  return v4
    ? `4${v4
        .slice(1)
        .map((o) => o.padStart(3, '0'))
        .join('.')}`
    : `6${ip}`;
}

export function sortRows<T extends FilterableRow>(rows: T[], key: SortKey, dir: 'asc' | 'desc'): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return c !== 0 ? c * sign : a.vmid - b.vmid;
  });
}

export const PAGE_SIZES = [50, 100, 250, 1000] as const;

/** Query string → table state; unknown or malformed values fall back to defaults. */
export function tableState(sp: Record<string, string | string[] | undefined>) {
  const one = (k: string) => (typeof sp[k] === 'string' ? (sp[k] as string) : '');
  const sort = (SORT_KEYS as readonly string[]).includes(one('sort')) ? (one('sort') as SortKey) : 'vmid';
  const dir: 'asc' | 'desc' = one('dir') === 'desc' ? 'desc' : 'asc';
  const per = (PAGE_SIZES as readonly number[]).includes(Number(one('per'))) ? Number(one('per')) : 100;
  const page = /^\d{1,6}$/.test(one('page')) ? Math.max(1, Number(one('page'))) : 1;
  return { q: one('q').slice(0, 200), sort, dir, per, page };
}

/** The rows of one page, with the page clamped to what exists. */
export function paginate<T>(rows: T[], page: number, per: number): { rows: T[]; page: number; pages: number; from: number; to: number } {
  const pages = Math.max(1, Math.ceil(rows.length / per));
  const p = Math.min(page, pages);
  const from = (p - 1) * per;
  const slice = rows.slice(from, from + per);
  return { rows: slice, page: p, pages, from: rows.length ? from + 1 : 0, to: from + slice.length };
}

export interface TableView<T> {
  /** The rows the search selects, in the requested order. */
  rows: T[];
  /** Node names and tags of all rows (for the toolbar's suggestions), sorted. */
  nodes: string[];
  tags: string[];
}

/**
 * Views already derived from a rows array, by search and order. The inventory reader hands out
 * the same array while nothing changed (until the next poll), so the 5 s refreshes of open pages
 * sort and scan 900 rows once per poll, not once per view. Read only; a few views per array.
 */
const views = new WeakMap<readonly FilterableRow[], Map<string, TableView<FilterableRow>>>();
const VIEWS_PER_ROWS = 16;

export function tableView<T extends FilterableRow>(all: T[], state: { q: string; sort: SortKey; dir: 'asc' | 'desc' }): TableView<T> {
  const key = `${state.sort} ${state.dir} ${state.q}`;
  let byKey = views.get(all);
  if (!byKey) views.set(all, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit as TableView<T>;
  const view: TableView<T> = {
    rows: sortRows(filterRows(all, state.q), state.sort, state.dir),
    nodes: [...new Set(all.map((r) => r.node))].sort(),
    tags: [...new Set(all.flatMap((r) => r.tags))].sort(),
  };
  if (byKey.size >= VIEWS_PER_ROWS) byKey.delete(byKey.keys().next().value!);
  byKey.set(key, view as TableView<FilterableRow>);
  return view;
}
