import Link from 'next/link';
import type { InventoryRow } from '@kiln/services';
import { cn } from '@/lib/cn';
import { formatBytes, formatPercent, formatUptime, nodeBadgeClass } from '@/lib/format';
import type { SortKey } from '../filter';
import { StatusPill } from './status-pill';

function Usage({ used, max }: { used?: number; max?: number }) {
  if (used === undefined || !max) return <span className="text-zinc-400">—</span>;
  const frac = Math.min(1, used / max);
  return (
    <div className="min-w-24">
      <div className="text-xs tabular-nums">{formatBytes(used)} / {formatBytes(max)}</div>
      <div className="mt-1 h-1 rounded bg-zinc-200 dark:bg-zinc-800"><div className={cn('h-1 rounded', frac > 0.9 ? 'bg-red-500' : 'bg-kiln-500')} style={{ width: `${frac * 100}%` }} /></div>
    </div>
  );
}

export function NodeBadge({ name }: { name: string }) {
  return <span className={cn('rounded px-1.5 py-0.5 font-mono text-xs', nodeBadgeClass(name))}>{name}</span>;
}

const COLUMNS: { key: SortKey; label: string; className?: string }[] = [
  { key: 'vmid', label: 'VMID' },
  { key: 'name', label: 'Name' },
  { key: 'node', label: 'Node' },
  { key: 'status', label: 'Status' },
  { key: 'cpu', label: 'CPU' },
  { key: 'mem', label: 'Memory' },
  { key: 'disk', label: 'Disk' },
  { key: 'uptime', label: 'Uptime' },
  { key: 'template', label: 'Template' },
];

function Progress({ row }: { row: InventoryRow }) {
  if (!row.kiln || row.kiln.lifecycle === 'ready') return null;
  return <div className="text-xs text-sky-700 dark:text-sky-400">{row.kiln.lifecycle === 'creating' ? row.kiln.step ?? 'queued' : 'creation failed'}</div>;
}

export function ContainersTable({ rows, sort, dir, hrefFor }: { rows: InventoryRow[]; sort: SortKey; dir: 'asc' | 'desc'; hrefFor: (key: SortKey) => string }) {
  return (
    <>
      {/* Phones: one card per container. */}
      <ul className="space-y-2 md:hidden" aria-label="Containers">
        {rows.map((r) => (
          <li key={`${r.nodeId}:${r.vmid}`} className="card p-3">
            <div className="flex items-center justify-between gap-2">
              <div className="min-w-0">
                <span className="font-mono text-xs text-zinc-500">{r.vmid}</span> <span className="font-medium">{r.name}</span>
              </div>
              <StatusPill status={r.status} />
            </div>
            <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
              <NodeBadge name={r.node} />
              <span>CPU {formatPercent(r.cpu)}</span>
              <span>RAM {formatBytes(r.mem)}</span>
              <span>up {formatUptime(r.uptime)}</span>
              {r.tags.map((t) => <span key={t} className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">{t}</span>)}
            </div>
            <Progress row={r} />
          </li>
        ))}
      </ul>
      <div className="card hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} className="px-3 py-2 font-medium" aria-sort={sort === c.key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  <Link href={hrefFor(c.key)} scroll={false} className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100">
                    {c.label}
                    {sort === c.key ? <span aria-hidden>{dir === 'asc' ? '▲' : '▼'}</span> : null}
                  </Link>
                </th>
              ))}
              <th className="px-3 py-2 font-medium">Tags</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rows.map((r) => (
              <tr key={`${r.nodeId}:${r.vmid}`} data-vmid={r.vmid}>
                <td className="px-3 py-2 font-mono text-xs">{r.vmid}</td>
                <td className="px-3 py-2 font-medium">{r.name}<Progress row={r} /></td>
                <td className="px-3 py-2"><NodeBadge name={r.node} /></td>
                <td className="px-3 py-2"><StatusPill status={r.status} /></td>
                <td className="px-3 py-2 tabular-nums">{r.status === 'running' ? `${formatPercent(r.cpu)}${r.maxcpu ? ` of ${r.maxcpu}` : ''}` : '—'}</td>
                <td className="px-3 py-2"><Usage used={r.mem} max={r.maxmem} /></td>
                <td className="px-3 py-2"><Usage used={r.disk} max={r.maxdisk} /></td>
                <td className="px-3 py-2 tabular-nums">{formatUptime(r.uptime)}</td>
                <td className="px-3 py-2 text-xs">{r.kiln?.templateSlug ? `${r.kiln.templateSlug} ${r.kiln.templateVersion ?? ''}` : <span className="text-zinc-400">—</span>}</td>
                <td className="px-3 py-2"><div className="flex flex-wrap gap-1">{r.tags.map((t) => <span key={t} className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">{t}</span>)}</div></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
