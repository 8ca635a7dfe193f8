import Link from 'next/link';
import type { InventoryRow } from '@kiln/services';
import { cn } from '@/lib/cn';
import { formatBytes, formatPercent, formatUptime, nodeBadgeClass } from '@/lib/format';
import type { SortKey } from '../filter';
import { StatusPill } from './status-pill';
import { RowCheckbox, SelectAllCheckbox } from './bulk-selection';

/** The container page of a row (Kiln-created or discovered). */
export function containerHref(r: Pick<InventoryRow, 'nodeId' | 'vmid'>): string {
  return `/containers/${r.nodeId}/${r.vmid}`;
}

const rowId = (r: Pick<InventoryRow, 'nodeId' | 'vmid'>) => `${r.nodeId}:${r.vmid}`;

function Usage({ used, max }: { used?: number; max?: number }) {
  if (used === undefined || !max) return <span className="text-zinc-400">—</span>;
  const frac = Math.min(1, used / max);
  return (
    <div className="min-w-24">
      <div className="whitespace-nowrap text-xs tabular-nums">{formatBytes(used)} / {formatBytes(max)}</div>
      <div className="mt-1 h-1 rounded bg-zinc-200 dark:bg-zinc-800"><div className={cn('h-1 rounded', frac > 0.9 ? 'bg-red-500' : 'bg-kiln-500')} style={{ width: `${Math.round(frac * 100)}%` }} /></div>
    </div>
  );
}

export function NodeBadge({ name }: { name: string }) {
  return <span className={cn('rounded px-1.5 py-0.5 font-mono text-xs', nodeBadgeClass(name))}>{name}</span>;
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
const WIDE = 'hidden md:table-cell';

function Progress({ row }: { row: InventoryRow }) {
  if (!row.kiln || row.kiln.lifecycle === 'ready') return null;
  return <div className="text-xs text-sky-700 dark:text-sky-400">{row.kiln.lifecycle === 'creating' ? row.kiln.step ?? 'queued' : 'creation failed'}</div>;
}

/** Containers on a node someone else shared with the user: whose it is, and read-only when it is. */
function SharedMark({ row }: { row: InventoryRow }) {
  if (!row.sharedBy) return null;
  return (
    <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-300" title={`Shared by ${row.sharedBy} (${row.access})`}>
      {`shared by ${row.sharedBy}${row.access === 'viewer' ? ' · view only' : ''}`}
    </span>
  );
}

/** Tags as chips; long ones cut with an ellipsis (whole on hover). Place inside a flex container. */
export function Tags({ tags }: { tags: readonly string[] }) {
  return <>{tags.map((t) => <span key={t} title={t} className="max-w-[10rem] truncate rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">{t}</span>)}</>;
}

/** One markup for every width: a full table from md up, fewer columns with a summary line on phones. */
export function ContainersTable({ rows, sort, dir, hrefFor }: { rows: InventoryRow[]; sort: SortKey; dir: 'asc' | 'desc'; hrefFor: (key: SortKey) => string }) {
  return (
    <div className="card overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} className={cn('px-3 py-2 font-medium', c.wide && WIDE)} aria-sort={sort === c.key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.key === 'vmid' ? <span className="mr-2 inline-flex align-middle"><SelectAllCheckbox ids={rows.filter((r) => r.kiln?.lifecycle !== 'creating').map(rowId)} /></span> : null}
                <Link href={hrefFor(c.key)} scroll={false} className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100">
                  {c.label}
                  {sort === c.key ? <span aria-hidden>{dir === 'asc' ? '▲' : '▼'}</span> : null}
                </Link>
              </th>
            ))}
            <th className={cn('px-3 py-2 font-medium', WIDE)}>Tags</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((r) => (
            <tr key={rowId(r)} data-vmid={r.vmid}>
              <td className="whitespace-nowrap px-3 py-2 align-top font-mono text-xs">
                {/* The checkbox shares the VMID cell so column positions stay stable. */}
                <span className="inline-flex items-center gap-2">{r.kiln?.lifecycle === 'creating' ? <span className="inline-block w-4" /> : <RowCheckbox id={rowId(r)} label={r.name} />}{r.vmid}</span>
              </td>
              <td className="px-3 py-2 align-top">
                {/* Host names may be 253 characters: one line, cut with an ellipsis, whole on hover. */}
                <Link href={containerHref(r)} title={r.name} className="block max-w-[11rem] truncate font-medium text-zinc-900 hover:text-kiln-700 hover:underline sm:max-w-xs dark:text-zinc-100 dark:hover:text-kiln-400">{r.name}</Link>
                <Progress row={r} />
                <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 md:hidden dark:text-zinc-400">
                  <NodeBadge name={r.node} />
                  <SharedMark row={r} />
                  {r.status === 'running' ? <span>CPU {formatPercent(r.cpu)} · RAM {formatBytes(r.mem)} · up {formatUptime(r.uptime)}</span> : null}
                  <Tags tags={r.tags} />
                </div>
              </td>
              <td className={cn('px-3 py-2', WIDE)}><div className="flex flex-wrap items-center gap-1"><NodeBadge name={r.node} /><SharedMark row={r} /></div></td>
              <td className="px-3 py-2 align-top"><StatusPill status={r.status} /></td>
              <td className={cn('whitespace-nowrap px-3 py-2 tabular-nums', WIDE)}>{r.status === 'running' ? `${formatPercent(r.cpu)}${r.maxcpu ? ` of ${r.maxcpu}` : ''}` : '—'}</td>
              <td className={cn('px-3 py-2', WIDE)}><Usage used={r.mem} max={r.maxmem} /></td>
              <td className={cn('px-3 py-2', WIDE)}><Usage used={r.disk} max={r.maxdisk} /></td>
              <td className={cn('whitespace-nowrap px-3 py-2 tabular-nums', WIDE)}>{formatUptime(r.uptime)}</td>
              <td className={cn('px-3 py-2 text-xs', WIDE)}>{r.kiln?.templateSlug ? `${r.kiln.templateSlug} ${r.kiln.templateVersion ?? ''}` : <span className="text-zinc-400">—</span>}</td>
              <td className={cn('px-3 py-2', WIDE)}><div className="flex flex-wrap gap-1"><Tags tags={r.tags} /></div></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
