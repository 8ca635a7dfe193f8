// Relative imports: the unit tests run this file without the app's `@/` alias.
import { escapeHtml as e } from '../../lib/html';
import { formatBytes, formatPercent, formatUptime, nodeBadgeClass } from '../../lib/format';
import { statusPillClasses } from './status-classes';
import type { TableRow } from './table-rows';

/**
 * The cells of one containers-table row as markup. The table renders each row as one element
 * with this as its content: React would otherwise build, diff and server-render about 35
 * elements per row (3,500 for a page of 100), which was most of a page view's CPU. Every value
 * from the row is escaped; class names are fixed strings. Pure, so the server's first paint and
 * the browser's refreshes produce the same markup.
 */

export const rowId = (r: Pick<TableRow, 'nodeId' | 'vmid'>) => `${r.nodeId}:${r.vmid}`;

const DASH = '<span class="ct-dash">—</span>';

const badge = (node: string) => `<span class="node-badge ${nodeBadgeClass(node)}">${e(node)}</span>`;

const tags = (list: readonly string[]) => list.map((t) => `<span title="${e(t)}" class="tag-chip">${e(t)}</span>`).join('');

/** Containers on a node someone else shared with the user: whose it is, and read-only when it is. */
function sharedMark(r: TableRow): string {
  if (!r.sharedBy) return '';
  const text = `shared by ${r.sharedBy}${r.access === 'viewer' ? ' · view only' : ''}`;
  return `<span class="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-300" title="${e(`Shared by ${r.sharedBy} (${r.access})`)}">${e(text)}</span>`;
}

function usage(used: number | undefined, max: number | undefined): string {
  if (used === undefined || !max) return DASH;
  const frac = Math.min(1, used / max);
  return (
    `<div class="ct-use">${e(`${formatBytes(used)} / ${formatBytes(max)}`)}` +
    `<div class="ct-bar"><div class="${frac > 0.9 ? 'ct-fill-hot' : 'ct-fill'}" style="width:${Math.round(frac * 100)}%"></div></div></div>`
  );
}

/** The last update check: security count stands out, a newer app version is named, a failed check says so, never checked is a dash. */
export function updatesCell(u: TableRow['updates']): string {
  if (!u) return DASH;
  const app = u.app
    ? `<span class="rounded bg-sky-50 px-1.5 py-0.5 text-xs text-sky-800 dark:bg-sky-950 dark:text-sky-300" title="${e(`${u.app.name} ${u.app.installed} → ${u.app.latest} available`)}">${e(`${u.app.name} ${u.app.latest}`)}</span>`
    : '';
  if (u.error && u.pending === 0 && !app) return '<span class="text-xs text-zinc-500" title="The last update check failed: see the container\'s Updates tab">check failed</span>';
  if (u.pending === 0 && !app) return '<span class="text-xs text-emerald-700 dark:text-emerald-400">up to date</span>';
  const security = u.security ? `<span class="rounded bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-300">${e(`${u.security} security`)}</span>` : '';
  const pending = u.pending
    ? `<span class="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-300" title="${e(`${u.pending} pending package upgrade${u.pending === 1 ? '' : 's'}`)}">${e(`${u.pending} update${u.pending === 1 ? '' : 's'}`)}</span>`
    : '';
  return `<span class="ct-chips">${pending}${security}${app}</span>`;
}

/** A guest's kind at a glance: `CT` (LXC container) or `VM` (QEMU). */
const typeBadge = (r: TableRow) => (r.type === 'qemu' ? '<span class="type-badge type-vm" title="QEMU virtual machine">VM</span>' : '<span class="type-badge type-ct" title="LXC container">CT</span>');

/** Addresses (the first two, the rest in the tooltip), or why a running guest shows none. */
function addresses(r: TableRow): string {
  const ips = r.ips ?? [];
  if (ips.length === 0) return r.ipNote && r.status === 'running' ? `<span class="ct-ipnote">${e(r.ipNote)}</span>` : DASH;
  const more = ips.length > 2 ? ` <span class="ct-dash">+${ips.length - 2}</span>` : '';
  return `<span class="ct-ips" title="${e(ips.join(', '))}">${ips
    .slice(0, 2)
    .map((ip) => `<span>${e(ip)}</span>`)
    .join('')}</span>${more}`;
}

/** QEMU does not see inside the guest's disks: a VM shows its disk size only. */
const diskCell = (r: TableRow) => (r.type === 'qemu' ? (r.maxdisk ? `<span class="text-xs">${e(`${formatBytes(r.maxdisk)} disk`)}</span>` : DASH) : usage(r.disk, r.maxdisk));

/** An open alert next to the status: red while firing, muted once acknowledged; links to the Alerts page. */
export function alertChip(state: TableRow['alert']): string {
  if (!state) return '';
  return state === 'firing'
    ? '<a href="/alerts?state=firing" class="alert-chip rounded bg-red-600 px-1.5 py-0.5 text-xs font-medium text-white" data-alert="firing" title="An alert about this guest is firing">alert</a>'
    : '<a href="/alerts?state=acknowledged" class="alert-chip rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-800 dark:bg-red-950 dark:text-red-300" data-alert="acknowledged" title="An alert about this guest is open (acknowledged)">acknowledged</a>';
}

export function rowHtml(r: TableRow): string {
  const running = r.status === 'running';
  const status = statusPillClasses(r.status);
  // The checkbox shares the VMID cell so column positions stay stable; the table wires it up.
  const box = r.selectable ? `<input type="checkbox" class="h-4 w-4" aria-label="${e(`Select ${r.name}`)}" data-row="${e(rowId(r))}"/>` : '<span class="inline-block w-4"></span>';
  return (
    `<td class="ct-cell"><span class="ct-vmid">${box}${e(r.vmid)}</span></td>` +
    `<td class="ct-cell">${typeBadge(r)}</td>` +
    `<td class="ct-cell"><a href="/containers/${e(encodeURIComponent(r.nodeId))}/${e(r.vmid)}" title="${e(r.name)}" class="ct-name">${e(r.name)}</a>` +
    (r.progress ? `<div class="text-xs text-sky-700 dark:text-sky-400">${e(r.progress)}</div>` : '') +
    // Phones hide the wide columns and show this summary instead.
    `<div class="ct-summary">${badge(r.node)}${sharedMark(r)}${running ? `<span>${e(`CPU ${formatPercent(r.cpu)} · RAM ${formatBytes(r.mem)} · up ${formatUptime(r.uptime)}`)}</span>` : ''}${r.ips?.length ? `<span>${e(r.ips[0]!)}</span>` : ''}${r.updates?.pending || r.updates?.app ? updatesCell(r.updates) : ''}${tags(r.tags)}</div>` +
    // Between tablet and very wide screens the Template and Tags columns fold in under the name.
    (r.template || r.tags.length ? `<div class="ct-midline">${r.template ? `<span>${e(r.template)}</span>` : ''}${tags(r.tags)}</div>` : '') +
    `</td>` +
    `<td class="ct-cell ct-wide"><div class="ct-chips">${badge(r.node)}${sharedMark(r)}</div></td>` +
    `<td class="ct-cell"><span class="ct-chips"><span class="${status.pill}"><span aria-hidden="true" class="${status.dot}"></span>${e(r.status)}</span>${alertChip(r.alert)}</span></td>` +
    `<td class="ct-cell ct-wide text-xs">${addresses(r)}</td>` +
    `<td class="ct-cell ct-wide ct-num">${running ? e(`${formatPercent(r.cpu)}${r.maxcpu ? ` of ${r.maxcpu}` : ''}`) : '—'}</td>` +
    `<td class="ct-cell ct-wide">${usage(r.mem, r.maxmem)}</td>` +
    `<td class="ct-cell ct-wide">${diskCell(r)}</td>` +
    `<td class="ct-cell ct-wide ct-num">${e(formatUptime(r.uptime))}</td>` +
    `<td class="ct-cell ct-wide">${updatesCell(r.updates)}</td>` +
    `<td class="ct-cell ct-xwide text-xs">${r.template ? e(r.template) : DASH}</td>` +
    `<td class="ct-cell ct-xwide"><div class="ct-chips">${tags(r.tags)}</div></td>`
  );
}

/** The table body of one page: each row as a `<tr data-vmid>` around its cells. */
export const bodyHtml = (rows: readonly TableRow[]) => rows.map((r) => `<tr data-vmid="${e(r.vmid)}"${r.alert ? ` data-alert="${r.alert}"` : ''}>${rowHtml(r)}</tr>`).join('');
