'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { TemplateUpdateInfo } from '@kiln/services';
import { TaskLogView } from '@/features/container-detail/components/task-log-view';
import { OperationResult } from '@/features/operations/components/operation-result';
import { useOperation, type LiveOperation } from '@/features/operations/components/use-operation';
import { UpdateDialog } from './update-dialog';

/**
 * The container's template version ("update available" when a newer one exists), the Update dialog
 * for operators, and the update followed live: each step, the command output, then the verdict
 * (updated, or failed and rolled back). The page reloads afterwards so the version and History follow.
 */
export function UpdateCard({
  nodeId,
  vmid,
  info,
  backupStorages,
  canUpdate,
  running,
  activeId,
}: {
  nodeId: string;
  vmid: number;
  info: TemplateUpdateInfo | null;
  backupStorages: string[];
  canUpdate: boolean;
  running: boolean;
  activeId?: string;
}) {
  const router = useRouter();
  const [operationId, setOperationId] = useState<string | undefined>(activeId);
  const [ended, setEnded] = useState<LiveOperation>();
  const live = useOperation(operationId, (op) => {
    setEnded(op);
    setOperationId(undefined);
    router.refresh();
  });
  const latest = info?.newer.at(-1);
  return (
    <section className="card space-y-3 p-4" aria-labelledby="updates-title" data-testid="updates">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="updates-title" className="font-semibold">
          Updates
        </h2>
        {info ? (
          <span className="text-sm">
            <span className="font-medium">{info.slug}</span> <span className="font-mono text-xs">{info.current}</span>
          </span>
        ) : null}
        {latest ? (
          <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="update-available">
            update available: {latest.version}
          </span>
        ) : info ? (
          <span className="text-xs text-zinc-500">template up to date</span>
        ) : (
          // a lone "Update" button left users guessing what it would update
          <span className="text-xs text-zinc-500">not made from a Kiln template: Update upgrades its OS packages</span>
        )}
      </div>
      {latest?.changelog ? <p className="whitespace-pre-wrap text-sm text-zinc-600 dark:text-zinc-400">{latest.changelog}</p> : null}
      {!canUpdate ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Operators and the node’s owner update containers.</p>
      ) : !running ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Start the container to update it: Kiln checks it before and after.</p>
      ) : operationId ? null : (
        <UpdateDialog
          nodeId={nodeId}
          vmid={vmid}
          newer={info?.newer ?? []}
          backupStorages={backupStorages}
          onQueued={(id) => {
            setEnded(undefined);
            setOperationId(id);
          }}
        />
      )}
      {operationId ? (
        <div role="status" className="space-y-2 text-sm" data-testid="update-progress">
          <p>{live?.operation.message ?? 'Updating…'}</p>
          <TaskLogView lines={live?.lines.slice(-200) ?? []} />
        </div>
      ) : null}
      {ended ? (
        <OperationResult
          ok={ended.ok}
          message={ended.operation.message ?? (ended.ok ? 'Updated.' : 'The update failed.')}
          log={ended.lines}
          testId="update-result"
          onDismiss={() => setEnded(undefined)}
        />
      ) : null}
    </section>
  );
}
