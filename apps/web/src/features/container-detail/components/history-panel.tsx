import type { ContainerHistory } from '@kiln/services';
import { cn } from '@/lib/cn';
import { formatWhen } from '@/features/audit/components/audit-table';
import { TaskLogButton } from './task-log-button';

const LEVEL: Record<string, string> = {
  info: 'bg-sky-500',
  warn: 'bg-amber-500',
  error: 'bg-red-500',
};

/** Kiln's timeline of the container, and every PVE task on its VMID with its log on demand. */
export function HistoryPanel({ h, nodeId, vmid }: { h: ContainerHistory; nodeId: string; vmid: number }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section className="card p-4" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="mb-3 font-semibold">
          Timeline
        </h2>
        {h.timeline.length === 0 ? (
          <p className="text-sm text-zinc-500">Nothing recorded yet. Actions taken in Kiln appear here.</p>
        ) : (
          <ol className="space-y-3" data-testid="timeline">
            {h.timeline.map((e) => (
              <li key={e.id} className="flex gap-3 text-sm">
                <span className={cn('mt-1.5 h-2 w-2 shrink-0 rounded-full', LEVEL[e.level] ?? 'bg-zinc-400')} aria-hidden />
                <div className="min-w-0">
                  <div className="break-words">{e.message}</div>
                  <div className="text-xs text-zinc-500">
                    {formatWhen(new Date(e.at))} · <span className="font-mono">{e.type}</span>
                    {e.by ? ` · ${e.by}` : ''}
                  </div>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="card p-4" aria-labelledby="tasks-title">
        <h2 id="tasks-title" className="mb-3 font-semibold">
          Proxmox VE tasks
        </h2>
        {h.tasksError ? (
          <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-400">
            Tasks could not be read: {h.tasksError}
          </p>
        ) : null}
        {h.tasks.length === 0 && !h.tasksError ? (
          <p className="text-sm text-zinc-500">No tasks recorded for this VMID.</p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="pve-tasks">
            {h.tasks.map((t) => (
              <li key={t.upid} className="py-2 text-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-mono text-xs">{t.type}</span>
                  <span
                    className={cn(
                      'rounded px-1.5 py-0.5 text-xs',
                      t.ok === null
                        ? 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300'
                        : t.ok
                          ? 'bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300'
                          : 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300',
                    )}
                  >
                    {t.status}
                  </span>
                </div>
                <div className="text-xs text-zinc-500">
                  {formatWhen(new Date(t.startedAt))}
                  {t.endedAt ? ` · ${Math.max(0, Math.round((t.endedAt - t.startedAt) / 1000))} s` : ''} · {t.user}
                </div>
                <TaskLogButton nodeId={nodeId} vmid={vmid} upid={t.upid} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
