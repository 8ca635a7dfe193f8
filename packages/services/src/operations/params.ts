import { z } from 'zod';
import { UNIT_NAME_RE } from '../containers/systemd';
import { resizeRequestSchema, revertPendingSchema, settingsRequestSchema } from '../schemas/container-settings';
import { bulkUpdateParamsSchema, updateRequestSchema } from '../schemas/updates';
import { snapshotCreateSchema, snapshotDescriptionSchema, snapshotNameSchema } from '../schemas/snapshots';
import { adoptParamsSchema } from '../schemas/adoption';
import type { OperationKind } from './table';

/** A container as operations name it: the registered node it was reached through, and its VMID. */
export const operationTargetSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999),
});
export type OperationTarget = z.infer<typeof operationTargetSchema>;

const none = z.object({}).strict();
/** A plain systemd service name: never an option, a glob or a path (systemd.ts). */
const serviceUnit = z.object({ unit: z.string().regex(UNIT_NAME_RE, 'Not a service unit name.') }).strict();

// ---- backups (day-2) ----
const storageId = z.string().regex(/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i, 'Not a storage name.');
const pveNodeName = z.string().regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/, 'Not a Proxmox VE node name.');
/** `local:backup/vzdump-lxc-101-2026_12_03-14_30_00.tar.zst`: a backup volume, nothing else. */
export const backupVolidSchema = z.string().regex(/^[a-z][a-z0-9\-_.]*[a-z0-9]:backup\/[\w.-]+$/i, 'Not a backup volume.');
/** PVE's `pve-configid` for job ids. */
export const backupJobIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{1,63}$/i, 'Use letters, digits, - and _ (starting with a letter).');
export const BACKUP_MODES = ['snapshot', 'suspend', 'stop'] as const;
export const BACKUP_COMPRESSIONS = ['zstd', 'gzip', '0'] as const;
const keep = z.number().int().min(0).max(9999).optional();
export const retentionInputSchema = z.object({ 'keep-last': keep, 'keep-hourly': keep, 'keep-daily': keep, 'keep-weekly': keep, 'keep-monthly': keep, 'keep-yearly': keep }).strict();

export const backupCreateParamsSchema = z
  .object({
    storage: storageId,
    mode: z.enum(BACKUP_MODES).default('snapshot'),
    compress: z.enum(BACKUP_COMPRESSIONS).default('zstd'),
    notesTemplate: z.string().max(1024, 'At most 1024 characters.').optional(),
    protected: z.boolean().default(false),
  })
  .strict();

/** Cores, memory and swap (MiB) and a root disk size (GiB) for a restore into a new VMID; empty keeps the backup's. */
export const restoreResourcesSchema = z
  .object({
    cores: z.number().int('Whole cores.').min(1, 'At least 1 core.').max(8192, 'At most 8192 cores.').optional(),
    memory: z.number().int('Whole MiB.').min(16, 'At least 16 MiB.').max(4_194_304, 'At most 4 TiB.').optional(),
    swap: z.number().int('Whole MiB.').min(0, 'At least 0 MiB.').max(4_194_304, 'At most 4 TiB.').optional(),
    rootfsGiB: z.number().int('Whole GiB.').min(1, 'At least 1 GiB.').max(131_072, 'At most 128 TiB.').optional(),
  })
  .strict();
export type RestoreResources = z.infer<typeof restoreResourcesSchema>;

export const backupRestoreParamsSchema = z
  .object({
    volid: backupVolidSchema,
    /** The PVE node that lists the archive (and where a new container is restored). */
    pveNode: pveNodeName,
    /** Where the restored root disk goes. */
    storage: storageId,
    /** Over the existing (stopped) container, or into a new VMID (the operation's vmid). */
    overwrite: z.boolean(),
    start: z.boolean().default(false),
    /** New resources for a restore into a new VMID (they override the backed-up configuration). */
    resources: restoreResourcesSchema.optional(),
  })
  .strict();

/** What a job selects: containers, all of them, or a pool (tags are resolved to containers when saved). */
export const backupJobInputSchema = z
  .object({
    schedule: z.string().trim().min(1, 'Enter a schedule such as daily or sat 02:00.').max(128),
    storage: storageId,
    selection: z.enum(['vmids', 'all', 'pool']),
    vmids: z.array(z.number().int().min(100)).max(1000).default([]),
    pool: z.string().max(64).optional(),
    mode: z.enum(BACKUP_MODES).default('snapshot'),
    compress: z.enum(BACKUP_COMPRESSIONS).default('zstd'),
    enabled: z.boolean().default(true),
    retention: retentionInputSchema.default({}),
    notesTemplate: z.string().max(1024).optional(),
    comment: z.string().max(512).optional(),
  })
  .strict();
export type BackupJobInput = z.input<typeof backupJobInputSchema>;
// ---- end backups ----

// ---- OS images (issue 17) ----
/** A `vztmpl` volume: `local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`, `local:vztmpl/alpine_3.22.tar`. */
export const imageVolidSchema = z.string().regex(/^[a-z][a-z0-9\-_.]*[a-z0-9]:vztmpl\/[\w.+-]+\.tar(?:\.(?:gz|xz|zst|bz2))?$/i, 'Not a container template volume.');
/** An appliance index entry's file name (`aplinfo().template`). */
export const aplTemplateSchema = z.string().regex(/^[\w.+-]+\.tar\.(?:gz|xz|zst|bz2)$/, 'Not an appliance template name.');
/** PVE's `filename` of `oci-registry-pull` as Kiln lets users type it: a plain file name. */
export const ociFilenameSchema = z.string().regex(/^[\w.-]{1,200}$/, 'Use letters, digits, ., - and _.');
export const imageTargetSchema = z.object({ pveNode: pveNodeName, storage: storageId });
// ---- end OS images ----

/** What each kind may carry in `params` (validated at request time, stored on the row, never secrets). */
export const OPERATION_PARAMS = {
  'container.start': none,
  'container.stop': none,
  'container.shutdown': none,
  'container.reboot': none,
  'vm.start': none,
  'vm.shutdown': none,
  'vm.stop': none,
  'vm.reboot': none,
  'vm.reset': none,
  'vm.suspend': none,
  'vm.resume': none,
  /** force: stop a running container first (PVE's `force`). */
  'container.delete': z.object({ force: z.boolean().default(false) }).strict(),
  'bulk.start': none,
  'bulk.stop': none,
  'bulk.shutdown': none,
  /** Written by requestBulkUpdate (updates/bulk.ts), never requested through requestOperation. */
  'bulk.update': bulkUpdateParamsSchema,
  /** Requested by requestBulkAdopt (adoption/request.ts): each child carries the template to link. */
  'bulk.adopt': none,
  /** Written by CreationService/CreationActions, never requested through requestOperation. */
  'container.create': z.object({ attempt: z.number().int().min(0), retry: z.boolean(), requestedBy: z.string() }).strict(),
  /** Written by CreationActions.discard, never requested through requestOperation. */
  'creation.discard': none,
  'service.start': serviceUnit,
  'service.stop': serviceUnit,
  'service.restart': serviceUnit,
  /** The config digest and the form as loaded (`base`) and as saved (`next`): no secrets in a container's settings. */
  'container.configure': settingsRequestSchema.pick({ digest: true, base: true, next: true }).strict(),
  'container.resize': resizeRequestSchema.pick({ disk: true, sizeGiB: true, digest: true }).strict(),
  'container.revert-pending': revertPendingSchema.pick({ keys: true }).strict(),
  'backup.create': backupCreateParamsSchema,
  'backup.delete': z.object({ volid: backupVolidSchema, pveNode: pveNodeName }).strict(),
  'backup.restore': backupRestoreParamsSchema,
  'backup-job.save': z.object({ id: backupJobIdSchema, create: z.boolean().default(false), job: backupJobInputSchema }).strict(),
  'backup-job.delete': z.object({ id: backupJobIdSchema }).strict(),
  'backup-job.run': z.object({ id: backupJobIdSchema }).strict(),
  'snapshot.create': snapshotCreateSchema.strict(),
  /** start: boot the container once it is rolled back (PVE's `start`). */
  'snapshot.rollback': z.object({ snapname: snapshotNameSchema, start: z.boolean().default(false) }).strict(),
  'snapshot.delete': z.object({ snapname: snapshotNameSchema }).strict(),
  'vm.snapshot.create': snapshotCreateSchema.extend({ vmstate: z.boolean().default(false) }).strict(),
  'vm.snapshot.rollback': z.object({ snapname: snapshotNameSchema, start: z.boolean().default(false) }).strict(),
  'vm.snapshot.delete': z.object({ snapname: snapshotNameSchema }).strict(),
  'snapshot.describe': z.object({ snapname: snapshotNameSchema, description: snapshotDescriptionSchema }).strict(),
  'vm.snapshot.describe': z.object({ snapname: snapshotNameSchema, description: snapshotDescriptionSchema }).strict(),
  /** Written by requestContainerUpdate (updates/request.ts), never requested through requestOperation. */
  'container.update': updateRequestSchema,
  'container.adopt': adoptParamsSchema,
  /** Written by requestCapture (capture/request.ts): the target is the container, nothing else. */
  'container.capture': none,
  'image.download': imageTargetSchema.extend({ template: aplTemplateSchema }).strict(),
  /** reference: checked against PVE's pattern (OCI_REFERENCE_PATTERN) by requestImagePull before it is stored. */
  'image.pull': imageTargetSchema.extend({ reference: z.string().min(1).max(512), filename: ociFilenameSchema }).strict(),
  'image.delete': imageTargetSchema.extend({ volid: imageVolidSchema }).strict(),
} as const satisfies Record<OperationKind, z.ZodType>;

export type OperationParams<K extends OperationKind> = z.infer<(typeof OPERATION_PARAMS)[K]>;

/** The most containers one bulk operation may name. */
export const BULK_MAX_TARGETS = 100;
