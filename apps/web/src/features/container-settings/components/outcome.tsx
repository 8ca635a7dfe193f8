import { TaskLogView } from '@/features/container-detail/components/task-log-view';
import { OperationResult } from '@/features/operations/components/operation-result';
import type { LiveOperation } from '@/features/operations/components/use-operation';
import type { SettingsOutcome } from './use-settings-operation';

/** While a settings operation runs: its log; after: the verdict. */
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
  return <OperationResult ok={outcome.ok} message={outcome.message} log={outcome.lines} testId="settings-result" onDismiss={onDismiss} />;
}
