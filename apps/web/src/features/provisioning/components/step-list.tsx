import type { CreationProgress } from '../queries';
import { cn } from '@/lib/cn';

const ICON: Record<string, { icon: string; cls: string; label: string }> = {
  pending: { icon: '○', cls: 'text-zinc-400', label: 'waiting' },
  running: { icon: '◐', cls: 'animate-pulse text-sky-600 dark:text-sky-400', label: 'running' },
  done: { icon: '✓', cls: 'text-emerald-600 dark:text-emerald-400', label: 'done' },
  skipped: { icon: '–', cls: 'text-zinc-400', label: 'not needed' },
  failed: { icon: '✗', cls: 'text-red-600 dark:text-red-400', label: 'failed' },
};

function duration(s: CreationProgress['steps'][number]): string | null {
  if (!s.startedAt || !s.finishedAt) return null;
  const ms = new Date(s.finishedAt).getTime() - new Date(s.startedAt).getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function StepList({ steps }: { steps: CreationProgress['steps'] }) {
  return (
    <ol className="space-y-1" aria-label="Provisioning steps">
      {steps.map((s) => {
        const st = ICON[s.state] ?? ICON.pending!;
        return (
          <li key={s.key} data-step={s.key} data-state={s.state} className="flex gap-3 rounded px-2 py-1.5 text-sm">
            <span aria-hidden className={cn('w-4 shrink-0 text-center font-bold', st.cls)}>
              {st.icon}
            </span>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span className={cn(s.state === 'running' && 'font-medium')}>{s.title}</span>
                <span className="text-xs text-zinc-500">
                  {st.label}
                  {duration(s) ? ` · ${duration(s)}` : ''}
                  {s.attempts > 1 ? ` · attempt ${s.attempts}` : ''}
                </span>
              </div>
              {s.error && s.state !== 'done' ? <div className="text-xs text-amber-700 dark:text-amber-400">{s.error}</div> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
