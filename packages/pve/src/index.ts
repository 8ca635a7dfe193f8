/**
 * @kiln/pve: the only code in Kiln that speaks Proxmox VE HTTP.
 */
export { PveClient, type CallControl, type GuestType, type QemuPowerAction, type ResourceFilter, type RrdTimeframe, type TaskFilters } from './client';
export { resolveBaseUrl, type PveClientOptions } from './client-options';
export { parseApiToken, validateApiToken, type ApiToken } from './auth';
export { PveError, isPveError, type PveErrorKind, type PveErrorInit, type PveTaskFailure, type UnreachableCause } from './errors';
export { classifyMessage } from './classify';
export { normalizeFingerprint, probeCertificate, type CertificateInfo } from './tls';
export { DEFAULT_RETRY, type RetryPolicy } from './retry';
export type { RequestEvent } from './transport';
export { encodeParams, type Params, type ParamValue } from './encode';
export { buildPropertyString, parsePropertyString, parseTags, tagsToString, type PropertyValue } from './property-string';
export * from './lxc/props';
export { lxcCreateOptionsSchema, lxcConfigUpdateSchema, lxcCreateParams, lxcConfigParams, type LxcCreateOptions, type LxcConfigUpdate } from './lxc/options';
export { splitRootOnlyOptions, isHostPathMount, type RootOnlySplit } from './lxc/root-only';
export { lxcConfigSchema, type LxcConfig } from './lxc/config';
export { parseUpid, isUpid, type ParsedUpid } from './tasks/upid';
export { isTaskSuccess, type TaskResult, type WaitForTaskOptions } from './tasks/wait';
export * from './privileges';
export type { ClusterResource, GuestResource, LxcResource, NodeResource, PveClusterStatusEntry, PveNodeListEntry, PveNodeStatus, PveVersion, QemuResource, StorageResource } from './schemas/cluster';
export { clusterResourcesSchema } from './schemas/cluster';
export type { PveAplInfo, PveStorage, PveStorageContent, PveStorageStatus } from './schemas/storage';
export { OCI_REFERENCE_PATTERN } from './schemas/storage';
export type { LxcInterface, LxcListEntry, LxcStatus } from './schemas/lxc';
export type { AgentInterface, QemuConfig, QemuListEntry, QemuStatus } from './schemas/qemu';
export type { PveTaskListEntry, PveTaskLogLine, PveTaskStatus } from './schemas/tasks';
export type { RrdPoint } from './schemas/rrd';
export {
  snapshotListSchema,
  pendingListSchema,
  networkListSchema,
  vzdumpOptionsSchema,
  restoreOptionsSchema,
  type PveSnapshot,
  type PvePendingItem,
  type PveNetworkInterface,
  type NetworkTypeFilter,
  type VzdumpOptions,
  type RestoreOptions,
  type QemuRestoreOptions,
  backupJobOptionsSchema,
  retentionSchema,
  retentionToString,
  type BackupJobOptions,
  type PveBackupJob,
  type PveIncludedVolumes,
  type PvePool,
  type Retention,
} from './schemas/day2';
export type { PvePermissions } from './schemas/access';
export { sendOutbound, type OutboundRequest, type OutboundResponse } from './outbound';
