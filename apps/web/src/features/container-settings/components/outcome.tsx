import { cn } from '@/lib/cn';
import { TaskLogView } from '@/features/container-detail/components/task-log-view';
import type { LiveOperation } from '@/features/operations/components/use-operation';
import type { SettingsOutcome } from './use-settings-operation';

/** While a settings operation runs: its log; after: the verdict (PVE's or Kiln's reason when it failed). */
export function OperationOutcome({ working, live, busy, outcome, onDismiss }: { working: string; live?: LiveOperation; busy: boolean; outcome?: SettingsOutcome; onDismiss: () => void }) {
  if (busy)
    return (
      <div role="status" aria-live="polite" className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm dark:border-sky-900 dark:bg-sky-950/40">
        <p className="font-medium text-sky-900 dark:text-sky-200">
          {working}…{live?.operation.state === 'queued' ? ' (waiting for the worker)' : ''}
        </p>
        {live?.lines.length ? <TaskLogView lines={live.lines} className="mt-2 max-h-32" /> : null}
      </div>
    );
  if (!outcome) return null;
  return (
    <div
      role={outcome.ok ? 'status' : 'alert'}
      data-testid="settings-result"
      data-ok={outcome.ok ? 'true' : 'false'}
      className={cn(
        'rounded-md border p-3 text-sm',
        outcome.ok
          ? 'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200'
          : 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200',
      )}
    >
      <div className="flex items-start justify-between gap-2">
        <p className="font-medium">{outcome.message}</p>
        <button type="button" className="text-xs underline" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      {outcome.lines.length ? <TaskLogView lines={outcome.lines} className="mt-2 max-h-32" /> : null}
    </div>
  );
}
