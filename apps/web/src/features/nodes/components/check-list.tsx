import type { NodeCheck } from '@kiln/services/schemas';
import { cn } from '@/lib/cn';

const STYLE: Record<NodeCheck['status'], { icon: string; cls: string; sr: string }> = {
  ok: { icon: '✓', cls: 'text-emerald-600 dark:text-emerald-400', sr: 'passed' },
  warn: { icon: '!', cls: 'text-amber-600 dark:text-amber-400', sr: 'warning' },
  fail: { icon: '✗', cls: 'text-red-600 dark:text-red-400', sr: 'failed' },
  skip: { icon: '–', cls: 'text-zinc-400', sr: 'skipped' },
  trust: { icon: '?', cls: 'text-sky-600 dark:text-sky-400', sr: 'needs your decision' },
};

/** The connection test, one line per check with its own result. */
export function CheckList({ checks }: { checks: NodeCheck[] }) {
  return (
    <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" aria-label="Connection test">
      {checks.map((c) => {
        const s = STYLE[c.status];
        return (
          <li key={c.key} className="flex gap-3 py-2" data-check={c.key} data-status={c.status}>
            <span aria-hidden className={cn('mt-0.5 w-4 shrink-0 text-center font-bold', s.cls)}>
              {s.icon}
            </span>
            <div className="min-w-0">
              <div className="font-medium">
                {c.label} <span className="sr-only">({s.sr})</span>
              </div>
              <div className="text-zinc-600 [overflow-wrap:anywhere] dark:text-zinc-400">{c.message}</div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
