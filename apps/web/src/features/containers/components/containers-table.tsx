'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLayoutEffect, useMemo, useRef, type MouseEvent } from 'react';
import { cn } from '@/lib/cn';
import type { SortKey } from '../filter';
import { rowHtml, rowId } from '../row-html';
import type { TableRow } from '../table-rows';
import { SelectAllCheckbox, useSelection } from './bulk-selection';

/** `wide` columns only show from md up; phones get a compact summary under the name instead. */
const COLUMNS: { key: SortKey; label: string; wide?: boolean }[] = [
  { key: 'vmid', label: 'VMID' },
  { key: 'type', label: 'Type' },
  { key: 'name', label: 'Name' },
  { key: 'node', label: 'Node', wide: true },
  { key: 'status', label: 'Status' },
  { key: 'ip', label: 'IP', wide: true },
  { key: 'cpu', label: 'CPU', wide: true },
  { key: 'mem', label: 'Memory', wide: true },
  { key: 'disk', label: 'Disk', wide: true },
  { key: 'uptime', label: 'Uptime', wide: true },
  { key: 'updates', label: 'Updates', wide: true },
  { key: 'template', label: 'Template', wide: true },
];

/**
 * A client component on purpose: the page sends compact row data (100 rows by default) and the
 * markup is built from it, on the server for the first paint and in the browser on each 5 s
 * refresh, instead of serialising a few thousand elements into the RSC payload per request.
 * The rows come as one JSON string: Flight would otherwise walk (and the browser revive) every
 * value of every row. Each row is one element whose cells are built as a string (see row-html);
 * its checkbox and link are wired up here by delegation, so rows need no per-cell elements.
 * One markup for every width: a full table from md up, fewer columns with a summary line on phones.
 */
/**
 * Rows and their markup by the page's JSON. On the server each view is a new render of the same
 * few pages (every open tab of a user shows the same rows until the next poll), so each distinct
 * page is parsed and built once; the browser's own refreshes hit useMemo. Bounded, oldest out.
 */
const built = new Map<string, { rows: TableRow[]; cells: string[] }>();
const BUILT_MAX = 16;

/** Open alert states by row id; few, and they change apart from the rows, so they are not part of the rows' JSON. */
export type RowAlerts = Record<string, 'firing' | 'acknowledged'>;

function buildRows(rowsJson: string, alertsKey: string): { rows: TableRow[]; cells: string[] } {
  const cacheKey = alertsKey === '{}' ? rowsJson : `${alertsKey}\n${rowsJson}`;
  let hit = built.get(cacheKey);
  if (!hit) {
    const alerts = JSON.parse(alertsKey) as RowAlerts;
    const rows = (JSON.parse(rowsJson) as TableRow[]).map((r) => {
      const alert = alerts[rowId(r)];
      return alert ? { ...r, alert } : r;
    });
    hit = { rows, cells: rows.map(rowHtml) };
    if (typeof window !== 'undefined') return hit;
    if (built.size >= BUILT_MAX) built.delete(built.keys().next().value!);
    built.set(cacheKey, hit);
  }
  return hit;
}

export function ContainersTable({ rowsJson, alerts = {}, sort, dir, sortHrefs }: { rowsJson: string; alerts?: RowAlerts; sort: SortKey; dir: 'asc' | 'desc'; sortHrefs: Record<SortKey, string> }) {
  const router = useRouter();
  const { selected, toggle } = useSelection();
  const body = useRef<HTMLTableSectionElement>(null);
  const alertsKey = JSON.stringify(alerts);
  const { rows, cells } = useMemo(() => buildRows(rowsJson, alertsKey), [rowsJson, alertsKey]);

  // Row checkboxes show the selection; a refreshed row comes with a fresh, unchecked box.
  useLayoutEffect(() => {
    for (const box of body.current?.querySelectorAll<HTMLInputElement>('input[data-row]') ?? []) box.checked = selected.has(box.dataset.row ?? '');
  }, [cells, selected]);

  function onClick(e: MouseEvent<HTMLTableSectionElement>) {
    const target = e.target as HTMLElement;
    if (target instanceof HTMLInputElement && target.dataset.row) return toggle(target.dataset.row, target.checked);
    // Plain clicks on a row's link navigate in the app, as a <Link> would; new-tab clicks stay the browser's.
    const link = target.closest('a');
    if (!link || link.origin !== window.location.origin || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.push(link.pathname + link.search);
  }

  function onMouseOver(e: MouseEvent<HTMLTableSectionElement>) {
    const link = (e.target as HTMLElement).closest('a');
    if (link && link.origin === window.location.origin) router.prefetch(link.pathname + link.search);
  }

  return (
    <div className="card overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} className={cn('px-3 py-2 font-medium', c.wide && 'ct-wide')} aria-sort={sort === c.key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.key === 'vmid' ? (
                  <span className="mr-2 inline-flex align-middle">
                    <SelectAllCheckbox ids={rows.filter((r) => r.selectable).map(rowId)} />
                  </span>
                ) : null}
                <Link href={sortHrefs[c.key]} scroll={false} className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100">
                  {c.label}
                  {sort === c.key ? <span aria-hidden>{dir === 'asc' ? '▲' : '▼'}</span> : null}
                </Link>
              </th>
            ))}
            <th className="px-3 py-2 font-medium ct-wide">Tags</th>
          </tr>
        </thead>
        <tbody ref={body} className="divide-y divide-zinc-100 dark:divide-zinc-800" onClick={onClick} onMouseOver={onMouseOver}>
          {rows.map((r, i) => (
            <tr key={rowId(r)} data-vmid={r.vmid} data-alert={r.alert} dangerouslySetInnerHTML={{ __html: cells[i]! }} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
