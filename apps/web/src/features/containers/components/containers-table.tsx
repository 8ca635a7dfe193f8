'use client';

import Link from 'next/link';
import { cn } from '@/lib/cn';
import { formatBytes, formatPercent, formatUptime } from '@/lib/format';
import type { SortKey } from '../filter';
import type { TableRow } from '../table-rows';
import { NodeBadge, Tags } from './node-badge';
import { StatusPill } from './status-pill';
import { RowCheckbox, SelectAllCheckbox } from './bulk-selection';

/**
 * A client component on purpose: the page sends compact row data and the markup is built from
 * it (on the server for the first paint, in the browser on each 5 s refresh), instead of
 * serialising a few thousand elements into the RSC payload on every request. Texts are single
 * strings so the HTML carries no `<!-- -->` separators between their parts.
 */

const rowId = (r: Pick<TableRow, 'nodeId' | 'vmid'>) => `${r.nodeId}:${r.vmid}`;

function Usage({ used, max }: { used?: number; max?: number }) {
  if (used === undefined || !max) return <span className="text-zinc-400">—</span>;
  const frac = Math.min(1, used / max);
  return (
    <div className="min-w-24">
      <div className="ct-num text-xs">{`${formatBytes(used)} / ${formatBytes(max)}`}</div>
      <div className="ct-bar">
        <div className={cn('ct-fill', frac > 0.9 ? 'bg-red-500' : 'bg-kiln-500')} style={{ width: `${Math.round(frac * 100)}%` }} />
      </div>
    </div>
  );
}

/** `wide` columns only show from md up; phones get a compact summary under the name instead. */
const COLUMNS: { key: SortKey; label: string; wide?: boolean }[] = [
  { key: 'vmid', label: 'VMID' },
  { key: 'name', label: 'Name' },
  { key: 'node', label: 'Node', wide: true },
  { key: 'status', label: 'Status' },
  { key: 'cpu', label: 'CPU', wide: true },
  { key: 'mem', label: 'Memory', wide: true },
  { key: 'disk', label: 'Disk', wide: true },
  { key: 'uptime', label: 'Uptime', wide: true },
  { key: 'template', label: 'Template', wide: true },
];

/** Containers on a node someone else shared with the user: whose it is, and read-only when it is. */
function SharedMark({ row }: { row: TableRow }) {
  if (!row.sharedBy) return null;
  return (
    <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-300" title={`Shared by ${row.sharedBy} (${row.access})`}>
      {`shared by ${row.sharedBy}${row.access === 'viewer' ? ' · view only' : ''}`}
    </span>
  );
}

function Row({ r }: { r: TableRow }) {
  return (
    <tr data-vmid={r.vmid}>
      <td className="ct-cell whitespace-nowrap font-mono text-xs">
        {/* The checkbox shares the VMID cell so column positions stay stable. */}
        <span className="inline-flex items-center gap-2">
          {r.selectable ? <RowCheckbox id={rowId(r)} label={r.name} /> : <span className="inline-block w-4" />}
          {r.vmid}
        </span>
      </td>
      <td className="ct-cell">
        <Link href={`/containers/${r.nodeId}/${r.vmid}`} title={r.name} className="ct-name">
          {r.name}
        </Link>
        {r.progress ? <div className="text-xs text-sky-700 dark:text-sky-400">{r.progress}</div> : null}
        <div className="ct-summary">
          <NodeBadge name={r.node} />
          <SharedMark row={r} />
          {r.status === 'running' ? <span>{`CPU ${formatPercent(r.cpu)} · RAM ${formatBytes(r.mem)} · up ${formatUptime(r.uptime)}`}</span> : null}
          <Tags tags={r.tags} />
        </div>
      </td>
      <td className="ct-cell ct-wide">
        <div className="flex flex-wrap items-center gap-1">
          <NodeBadge name={r.node} />
          <SharedMark row={r} />
        </div>
      </td>
      <td className="ct-cell">
        <StatusPill status={r.status} />
      </td>
      <td className="ct-cell ct-wide ct-num">{r.status === 'running' ? `${formatPercent(r.cpu)}${r.maxcpu ? ` of ${r.maxcpu}` : ''}` : '—'}</td>
      <td className="ct-cell ct-wide">
        <Usage used={r.mem} max={r.maxmem} />
      </td>
      <td className="ct-cell ct-wide">
        <Usage used={r.disk} max={r.maxdisk} />
      </td>
      <td className="ct-cell ct-wide ct-num">{formatUptime(r.uptime)}</td>
      <td className="ct-cell ct-wide text-xs">{r.template ?? <span className="text-zinc-400">—</span>}</td>
      <td className="ct-cell ct-wide">
        <div className="flex flex-wrap gap-1">
          <Tags tags={r.tags} />
        </div>
      </td>
    </tr>
  );
}

/** One markup for every width: a full table from md up, fewer columns with a summary line on phones. */
export function ContainersTable({ rows, sort, dir, sortHrefs }: { rows: TableRow[]; sort: SortKey; dir: 'asc' | 'desc'; sortHrefs: Record<SortKey, string> }) {
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
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((r) => (
            <Row key={rowId(r)} r={r} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
