'use client';

import { useAction } from 'next-safe-action/hooks';
import { BACKUP_OPERATIONS } from '@kiln/services/operations-table';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { backupJobAction } from '../actions/job-action';
import { saveBackupJobAction } from '../actions/save-job';
import type { JobRow } from '../model';
import { JobDialog, type JobGuest } from './job-dialog';
import { OperationStatus } from './operation-status';
import { useRunOperation } from './use-run-operation';

const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const RESULT_CLASS: Record<JobRow['lastResult']['state'], string> = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  partial: 'text-amber-700 dark:text-amber-400',
  missing: 'text-red-700 dark:text-red-400',
  unknown: 'text-zinc-500',
};

function JobItem({ job, guests, pools, storages }: { job: JobRow; guests: JobGuest[]; pools: string[] | null; storages: string[] }) {
  const act = useAction(backupJobAction);
  const save = useAction(saveBackupJobAction);
  const op = useRunOperation(`Job ${job.id}`);
  const owner = job.access === 'owner';
  const selection = job.all ? 'all containers' : job.pool ? `pool ${job.pool}` : `CT ${job.vmids.join(', ')}`;
  const retention = Object.entries(job.retention)
    .map(([k, v]) => `${k.replace('keep-', '')} ${v}`)
    .join(', ');
  function toggle() {
    return op.run(job.enabled ? 'Disabling' : 'Enabling', () =>
      save.executeAsync({
        nodeId: job.nodeId,
        id: job.id,
        job: {
          schedule: job.schedule,
          storage: job.storage,
          selection: job.all ? 'all' : job.pool ? 'pool' : 'vmids',
          vmids: job.vmids,
          pool: job.pool,
          mode: job.mode as 'snapshot',
          compress: (['zstd', 'gzip', '0'].includes(job.compress) ? job.compress : 'zstd') as 'zstd',
          enabled: !job.enabled,
          retention: job.retention,
          notesTemplate: job.notesTemplate,
          comment: job.comment,
        },
      }),
    );
  }
  return (
    <li className="card space-y-2 p-3" data-testid="backup-job" data-job-id={job.id}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 text-sm">
          <p className="font-medium">
            {job.comment || job.id} {!job.enabled ? <span className="rounded bg-zinc-200 px-1.5 text-xs dark:bg-zinc-800">disabled</span> : null}
          </p>
          <p className="text-zinc-600 dark:text-zinc-400">
            <code>{job.schedule}</code>: {job.preview}
          </p>
          {job.enabled && job.nextRuns.length ? <p className="text-zinc-600 dark:text-zinc-400">Next: {job.nextRuns.map(fmt).join(', ')} UTC</p> : null}
          <p className="text-zinc-600 dark:text-zinc-400">
            {selection} → {job.storage}, {job.mode}
            {retention ? `, keep ${retention}` : ''}
          </p>
          <p className={RESULT_CLASS[job.lastResult.state]}>Last run: {job.lastResult.text}</p>
        </div>
        {owner ? (
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className="btn-secondary px-2 py-1 text-xs"
              disabled={op.busy}
              onClick={() => void op.run('Running now', () => act.executeAsync({ nodeId: job.nodeId, id: job.id, op: 'run' }))}
            >
              {BACKUP_OPERATIONS['backup-job.run'].label}
            </button>
            <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={op.busy} onClick={() => void toggle()}>
              {job.enabled ? 'Disable' : 'Enable'}
            </button>
            <JobDialog nodeId={job.nodeId} job={job} guests={guests} pools={pools} storages={storages} op={op} trigger="Edit" />
            <ConfirmDialog
              trigger={
                <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={op.busy}>
                  Delete
                </button>
              }
              title={BACKUP_OPERATIONS['backup-job.delete'].confirm.title()}
              description={BACKUP_OPERATIONS['backup-job.delete'].confirm.description}
              confirmLabel={BACKUP_OPERATIONS['backup-job.delete'].confirm.confirmLabel}
              onConfirm={() => op.run('Deleting the job', () => act.executeAsync({ nodeId: job.nodeId, id: job.id, op: 'delete' }))}
            />
          </div>
        ) : null}
      </div>
      <OperationStatus state={op.state} />
    </li>
  );
}

/** A cluster's PVE backup jobs, with "New job" for the node owner. */
export function JobsCard({
  nodeId,
  canEdit,
  jobs,
  guests,
  pools,
  storages,
  emptyText,
}: {
  nodeId: string;
  canEdit: boolean;
  jobs: JobRow[];
  guests: JobGuest[];
  pools: string[] | null;
  storages: string[];
  emptyText: string;
}) {
  const op = useRunOperation('Backup job');
  return (
    <div className="space-y-2">
      {canEdit ? (
        <div className="flex justify-end">
          <JobDialog nodeId={nodeId} guests={guests} pools={pools} storages={storages} op={op} trigger="New backup job" />
        </div>
      ) : null}
      <OperationStatus state={op.state} />
      {jobs.length === 0 ? (
        <p className="card px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">{emptyText}</p>
      ) : (
        <ul className="space-y-2" aria-label="Backup jobs">
          {jobs.map((j) => (
            <JobItem key={j.id} job={j} guests={guests} pools={pools} storages={storages} />
          ))}
        </ul>
      )}
    </div>
  );
}
