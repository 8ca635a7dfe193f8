import { cn } from '@/lib/cn';
import { TaskLogView } from '@/features/container-detail/components/task-log-view';

/** How an operation ended: its message (PVE's or Kiln's reason when it failed), Dismiss, and its task log folded away. */
export function OperationResult({ ok, message, log, testId, onDismiss }: { ok: boolean; message: string; log: string[]; testId: string; onDismiss: () => void }) {
  return (
    <div
      role={ok ? 'status' : 'alert'}
      data-testid={testId}
      data-ok={ok ? 'true' : 'false'}
      className={cn(
        'rounded-md border p-3 text-sm',
        ok
          ? 'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200'
          : 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200',
      )}
    >
      <div className="flex items-start justify-between gap-2">
        <p className="font-medium">{message}</p>
        <button type="button" className="text-xs underline" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      {log.length ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs">
            Task log ({log.length} line{log.length === 1 ? '' : 's'})
          </summary>
          <TaskLogView lines={log} className="mt-2" />
        </details>
      ) : null}
    </div>
  );
}
