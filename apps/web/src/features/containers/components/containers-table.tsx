'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import { cn } from '@/lib/cn';
import type { SortKey } from '../filter';
import { bodyHtml } from '../row-html';
import { takeFromRsc } from '../ssr-rows';
import type { TableRow } from '../table-rows';
import { SelectAllCheckbox, useSelection } from './bulk-selection';

/** `wide` columns only show from md up; phones get a compact summary under the name instead. */
/** `wide`: from tablet width up; `xwide`: only on very wide screens (folded under the name before). */
const COLUMNS: { key: SortKey; label: string; wide?: boolean; xwide?: boolean }[] = [
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
  { key: 'template', label: 'Template', xwide: true },
];

/**
 * A client component on purpose: the page sends compact row data (100 rows by default) and the
 * markup is built from it in the browser on each 5 s refresh, instead of serialising a few
 * thousand elements into the RSC payload per request. The rows come as one JSON string: Flight
 * would otherwise walk (and the browser revive) every value of every row. The body is one
 * element whose rows are built as a string (see row-html); checkboxes and links are wired up
 * here by delegation, so rows need no elements of their own.
 * A page loaded as a document gets no row data at all: its server render takes the markup from
 * the server component directly (see ssr-rows) and the browser hydrates that body as it is.
 * One markup for every width: a full table from md up, fewer columns with a summary line on phones.
 */
export type TableBody = { json: string; ssrKey?: undefined } | { ssrKey: string; json?: undefined };

/**
 * Body markup by the page's JSON, in the browser (a refresh that brings the same rows, or a
 * re-render for the selection, builds nothing). Bounded, oldest out.
 */
const built = new Map<string, string>();
/** When a table mounted without its rows last asked for them (see below). */
let lastRecovery = 0;
const BUILT_MAX = 4;

function buildBody(json: string): string {
  let html = built.get(json);
  if (html === undefined) {
    html = bodyHtml(JSON.parse(json) as TableRow[]);
    if (built.size >= BUILT_MAX) built.delete(built.keys().next().value!);
    built.set(json, html);
  }
  return html;
}

export function ContainersTable({ body: rows, sort, dir, sortHrefs }: { body: TableBody; sort: SortKey; dir: 'asc' | 'desc'; sortHrefs: Record<SortKey, string> }) {
  const router = useRouter();
  const { selected, toggle } = useSelection();
  const body = useRef<HTMLTableSectionElement>(null);
  const [selectable, setSelectable] = useState<string[]>([]);
  // The browser's hydration keeps the server's markup: '' only stands for "leave it" there.
  const html = rows.json !== undefined ? buildBody(rows.json) : typeof window === 'undefined' ? (takeFromRsc(rows.ssrKey) ?? '') : '';

  // Row checkboxes show the selection; a refreshed row comes with a fresh, unchecked box.
  useLayoutEffect(() => {
    const boxes = [...(body.current?.querySelectorAll<HTMLInputElement>('input[data-row]') ?? [])];
    for (const box of boxes) box.checked = selected.has(box.dataset.row ?? '');
    const ids = boxes.map((b) => b.dataset.row ?? '');
    setSelectable((prev) => (prev.length === ids.length && prev.every((id, i) => id === ids[i]) ? prev : ids));
  }, [html, selected]);

  // Mounted without rows (a page restored from the router's history, not hydrated from the
  // server's markup): ask for the page again, at most every few seconds.
  useEffect(() => {
    if (rows.ssrKey === undefined || body.current?.childElementCount !== 0 || Date.now() - lastRecovery < 5000) return;
    lastRecovery = Date.now();
    router.refresh();
  }, [rows.ssrKey, router]);

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
              <th key={c.key} className={cn('ct-cell font-medium', c.wide && 'ct-wide', c.xwide && 'ct-xwide')} aria-sort={sort === c.key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.key === 'vmid' ? (
                  <span className="mr-2 inline-flex align-middle">
                    <SelectAllCheckbox ids={selectable} />
                  </span>
                ) : null}
                <Link href={sortHrefs[c.key]} scroll={false} className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100">
                  {c.label}
                  {sort === c.key ? <span aria-hidden>{dir === 'asc' ? '▲' : '▼'}</span> : null}
                </Link>
              </th>
            ))}
            <th className="ct-cell font-medium ct-xwide">Tags</th>
          </tr>
        </thead>
        <tbody ref={body} className="divide-y divide-zinc-100 dark:divide-zinc-800" onClick={onClick} onMouseOver={onMouseOver} dangerouslySetInnerHTML={{ __html: html }} suppressHydrationWarning />
      </table>
    </div>
  );
}
