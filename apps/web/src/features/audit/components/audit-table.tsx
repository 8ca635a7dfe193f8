import type { AuditEvent } from '@kiln/db';
import { cn } from '@/lib/cn';

export function formatWhen(d: Date): string {
  return d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function AuditTable({ events, compact = false }: { events: AuditEvent[]; compact?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
          <tr>
            <th className="px-3 py-2 font-medium">When</th>
            <th className="px-3 py-2 font-medium">Action</th>
            {compact ? null : <th className="px-3 py-2 font-medium">Target</th>}
            <th className="px-3 py-2 font-medium">Outcome</th>
            {compact ? null : <th className="px-3 py-2 font-medium">From</th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {events.map((e) => (
            <tr key={String(e.id)}>
              <td className="whitespace-nowrap px-3 py-2 text-zinc-600 dark:text-zinc-400">{formatWhen(e.createdAt)}</td>
              <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
              {compact ? null : <td className="px-3 py-2">{e.targetName ?? e.targetId ?? '—'}</td>}
              <td className="px-3 py-2">
                <span className={cn('rounded px-1.5 py-0.5 text-xs font-medium', e.outcome === 'success' ? 'bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300' : 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300')}>
                  {e.outcome}
                </span>
              </td>
              {compact ? null : <td className="px-3 py-2 text-zinc-500">{e.ip ?? '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
