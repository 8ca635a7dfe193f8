import type { Operation } from '@kiln/db';
import { runBulkOperation } from './bulk-runner';
import { OperationRetry, runContainerOperation, type OperationDeps } from './container-runner';
import { isTerminal } from './events';
import { withOperationLease } from './lease';
import { handOverCreation } from '../provisioning/operation';
import { runDiscardOperation } from '../provisioning/discard';
import { runServiceOperation } from './service-runner';
import { runSettingsOperation } from './settings-runner';
import { runBackupOperation } from '../backups/runner';
import { runUpdateOperation } from '../updates/runner';
import { runAdoptOperation } from '../adoption/runner';
import { runCaptureOperation } from '../capture/runner';
import { runImageOperation } from '../images/runner';
import { isOperationKind, type OperationKind } from './table';

type Runner = (deps: OperationDeps, op: Operation, opts: { lastAttempt: boolean }) => Promise<void>;

/** The runner of every kind in the table: a kind without one does not compile. */
const RUNNERS: Record<OperationKind, Runner> = {
  'container.start': runContainerOperation,
  'container.stop': runContainerOperation,
  'container.shutdown': runContainerOperation,
  'container.reboot': runContainerOperation,
  'container.delete': runContainerOperation,
  'bulk.start': runBulkOperation,
  'bulk.stop': runBulkOperation,
  'bulk.shutdown': runBulkOperation,
  'bulk.update': runBulkOperation,
  'bulk.adopt': runBulkOperation,
  'container.create': (deps, op) => handOverCreation(deps.db, op),
  'creation.discard': runDiscardOperation,
  'service.start': runServiceOperation,
  'service.stop': runServiceOperation,
  'service.restart': runServiceOperation,
  'container.configure': runSettingsOperation,
  'container.resize': runSettingsOperation,
  'container.revert-pending': runSettingsOperation,
  'backup.create': runBackupOperation,
  'backup.delete': runBackupOperation,
  'backup.restore': runBackupOperation,
  'backup-job.save': runBackupOperation,
  'backup-job.delete': runBackupOperation,
  'backup-job.run': runBackupOperation,
  'snapshot.create': runContainerOperation,
  'snapshot.rollback': runContainerOperation,
  'snapshot.delete': runContainerOperation,
  'snapshot.describe': runSettingsOperation,
  'container.update': runUpdateOperation,
  'container.adopt': (deps, op, opts) => runAdoptOperation(deps, op, opts),
  'container.capture': runCaptureOperation,
  'vm.start': runContainerOperation,
  'vm.shutdown': runContainerOperation,
  'vm.stop': runContainerOperation,
  'vm.reboot': runContainerOperation,
  'vm.reset': runContainerOperation,
  'vm.suspend': runContainerOperation,
  'vm.resume': runContainerOperation,
  'image.download': runImageOperation,
  'image.pull': runImageOperation,
  'image.delete': runImageOperation,
  'vm.snapshot.create': runContainerOperation,
  'vm.snapshot.rollback': runContainerOperation,
  'vm.snapshot.delete': runContainerOperation,
  'vm.snapshot.describe': runSettingsOperation,
};

export type OperationRunResult = 'missing' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * The worker's entry point for `operation.run`: under the row's lease, runs (or resumes) the
 * operation to its end. Throws OperationRetry when another worker holds the row, so the job comes
 * back later and finds it ended (or its holder dead and the lease expired).
 */
export async function runOperation(deps: OperationDeps, operationId: string, opts: { lastAttempt: boolean } = { lastAttempt: true }): Promise<OperationRunResult> {
  const first = await deps.db.operation.findUnique({ where: { id: operationId }, select: { state: true } });
  if (!first) return 'missing';
  if (isTerminal(first.state)) return first.state;
  const r = await withOperationLease(deps.db, operationId, deps.workerId, deps.leaseMs, async () => {
    const op = await deps.db.operation.findUniqueOrThrow({ where: { id: operationId } });
    if (isTerminal(op.state)) return op.state;
    if (!isOperationKind(op.kind)) {
      await deps.db.operation.updateMany({
        where: { id: op.id, state: { in: ['queued', 'running'] } },
        data: { state: 'failed', message: `This Kiln cannot run "${op.kind}" operations.`, finishedAt: new Date() },
      });
      return 'failed' as const;
    }
    await RUNNERS[op.kind](deps, op, opts);
    return (await deps.db.operation.findUniqueOrThrow({ where: { id: operationId }, select: { state: true } })).state;
  });
  if (r === 'busy') throw new OperationRetry('Another worker is running this operation.');
  return r;
}
