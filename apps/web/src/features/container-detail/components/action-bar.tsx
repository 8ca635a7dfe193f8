'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { toast } from 'sonner';
import { cn } from '@/lib/cn';
import { GuardedButton } from '@/components/ui/guarded-button';
import { containerPowerAction } from '../actions/power';
import type { ActionResultView } from './action-result';
import { DeleteContainerDialog } from './delete-dialog';
import { TaskLogView } from './task-log-view';
import { useTaskProgress } from './use-task-progress';

type Op = 'start' | 'stop' | 'shutdown' | 'reboot';

const LABEL: Record<Op, string> = { start: 'Start', stop: 'Stop', shutdown: 'Shut down', reboot: 'Reboot' };
const WORKING: Record<Op | 'delete', string> = { start: 'Starting', stop: 'Stopping', shutdown: 'Shutting down', reboot: 'Rebooting', delete: 'Deleting' };

/**
 * Start/stop/shutdown/reboot/delete with the PVE task's progress while it runs and its verdict
 * after: PVE's own reason when it refuses (already running, not running, locked).
 */
export function ActionBar({ nodeId, vmid, name, status, canDelete }: { nodeId: string; vmid: number; name: string; status: string; canDelete: boolean }) {
  const router = useRouter();
  const base = `/containers/${nodeId}/${vmid}`;
  const power = useAction(containerPowerAction);
  const [busy, setBusy] = useState<Op | 'delete'>();
  const [progressId, setProgressId] = useState<string>();
  const [result, setResult] = useState<ActionResultView>();
  const progress = useTaskProgress(base, progressId, busy !== undefined);
  const running = status === 'running';

  async function run(op: Op) {
    const id = crypto.randomUUID();
    setProgressId(id);
    setBusy(op);
    setResult(undefined);
    const r = await power.executeAsync({ nodeId, vmid, op, progressId: id });
    setBusy(undefined);
    const outcome = r?.data ? { ok: r.data.ok, message: r.data.message, log: r.data.log, op } : { ok: false, message: r?.serverError?.message ?? 'The action could not run.', log: [], op };
    setResult(outcome);
    (outcome.ok ? toast.success : toast.error)(`${name}: ${outcome.message}`);
    router.refresh();
  }

  const enabled: Record<Op, boolean> = { start: !running, stop: running, shutdown: running, reboot: running };
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2" role="toolbar" aria-label="Container actions">
        {(['start', 'shutdown', 'stop', 'reboot'] as const).map((op) => (
          <GuardedButton
            key={op}
            type="button"
            className={cn(op === 'start' ? 'btn-primary' : 'btn-secondary', 'px-3 py-1.5')}
            disabled={busy !== undefined}
            reason={enabled[op] ? undefined : op === 'start' ? 'The container is already running.' : 'The container is not running.'}
            onClick={() => void run(op)}
          >
            {busy === op ? `${WORKING[op]}…` : LABEL[op]}
          </GuardedButton>
        ))}
        {canDelete ? (
          <DeleteContainerDialog
            nodeId={nodeId}
            vmid={vmid}
            name={name}
            running={running}
            disabled={busy !== undefined}
            onStart={(id) => {
              setProgressId(id);
              setBusy('delete');
              setResult(undefined);
            }}
            onDone={(r) => {
              setBusy(undefined);
              setResult(r);
              if (r.ok) router.push('/containers');
              else router.refresh();
            }}
          />
        ) : null}
      </div>
      {busy ? (
        <div role="status" aria-live="polite" className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm dark:border-sky-900 dark:bg-sky-950/40">
          <div className="mb-2 flex items-center gap-2 font-medium text-sky-900 dark:text-sky-200">
            <span className="h-2 w-2 animate-pulse rounded-full bg-sky-500" aria-hidden />
            {WORKING[busy]} {name}… {progress?.upid ? <span className="font-mono text-xs font-normal text-sky-700 dark:text-sky-400">task {progress.upid.split(':')[5]}</span> : null}
          </div>
          <TaskLogView lines={progress?.lines ?? []} className="max-h-40" />
        </div>
      ) : null}
      {result ? (
        <div
          role={result.ok ? 'status' : 'alert'}
          data-testid="action-result"
          data-ok={result.ok ? 'true' : 'false'}
          className={cn('rounded-md border p-3 text-sm', result.ok ? 'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200' : 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200')}
        >
          <div className="flex items-start justify-between gap-2">
            <p className="font-medium">{result.message}</p>
            <button type="button" className="text-xs underline" onClick={() => setResult(undefined)}>Dismiss</button>
          </div>
          {result.log.length ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-xs">Task log ({result.log.length} line{result.log.length === 1 ? '' : 's'})</summary>
              <TaskLogView lines={result.log} className="mt-2" />
            </details>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
