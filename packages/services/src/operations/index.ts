export * from './channel';
export * from './table';
export { OPERATION_PARAMS, BULK_MAX_TARGETS, operationTargetSchema, type OperationTarget, type OperationParams } from './params';
export {
  BACKUP_COMPRESSIONS,
  BACKUP_MODES,
  backupCreateParamsSchema,
  backupJobIdSchema,
  backupJobInputSchema,
  backupVolidSchema,
  restoreResourcesSchema,
  retentionInputSchema,
  type BackupJobInput,
  type RestoreResources,
} from './params';
export { requestOperation, cancelOperation, type OperationRequestDeps } from './request';
export { requestServiceOperation } from './service-runner';
export { runOperation, type OperationRunResult } from './runner';
export { OperationRetry, type OperationDeps } from './container-runner';
export { PER_NODE_CONCURRENCY } from './bulk-runner';
export { OPERATION_LEASE_MS, acquireOperationLease } from './lease';
export { enqueueOperation, OPERATION_ATTEMPTS } from './jobs';
export { TERMINAL_STATES, isTerminal } from './events';
export { operationView, listOperations, activeOperationFor, type OperationView, type OperationSummary, type ChildSummary } from './queries';
export { requeueStaleOperations } from './janitor';
export { requestSettingsChange, requestDiskResize, requestRevertPending, requestSnapshotDescribe } from './settings-runner';
export { followOperationViews, type FollowItem } from './follow';
