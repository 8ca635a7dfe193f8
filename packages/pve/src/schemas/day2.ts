import { z } from 'zod';
import { opt, pveBool, pveInt } from './primitives';

/**
 * Answers of the day-2 endpoints: snapshots, pending config, node networks. PVE sends config
 * values typed (`512`) or as text depending on the key; pending values are normalized to text
 * here because the UI shows them side by side.
 */

/** `GET .../snapshot`: the snapshots plus `current` ("You are here!", with `digest`/`running`). */
export const snapshotSchema = z.object({
  name: z.string(),
  description: z.string().optional().default(''),
  snaptime: opt(pveInt),
  parent: opt(z.string()),
  snapstate: opt(z.string()),
  /** QEMU: the snapshot includes the VM's RAM (a rollback resumes it running). */
  vmstate: opt(pveBool),
  digest: opt(z.string()),
  running: opt(pveBool),
});
export const snapshotListSchema = z.array(snapshotSchema);
export type PveSnapshot = z.infer<typeof snapshotSchema>;

const configValue = z.union([z.string(), z.number()]).transform(String);

/** `GET .../pending`: `delete` is 1 (or 2 when forced) for a pending removal. */
export const pendingItemSchema = z.object({
  key: z.string(),
  value: opt(configValue),
  pending: opt(configValue),
  delete: opt(pveInt),
});
export const pendingListSchema = z.array(pendingItemSchema);
export type PvePendingItem = z.infer<typeof pendingItemSchema>;

/** `GET /nodes/{node}/network` entries (only what Kiln reads; the rest passes through unchecked). */
export const networkInterfaceSchema = z.object({
  iface: z.string(),
  type: z.string(),
  active: pveBool.optional().default(false),
  autostart: pveBool.optional().default(false),
  method: opt(z.string()),
  address: opt(z.string()),
  cidr: opt(z.string()),
  gateway: opt(z.string()),
  bridge_ports: opt(z.string()),
  bridge_vlan_aware: pveBool.optional().default(false),
  bridge_vids: opt(z.string()),
  comments: opt(z.string()),
});
export const networkListSchema = z.array(networkInterfaceSchema);
export type PveNetworkInterface = z.infer<typeof networkInterfaceSchema>;

export type NetworkTypeFilter = 'bridge' | 'bond' | 'eth' | 'alias' | 'vlan' | 'OVSBridge' | 'vnet' | 'any_bridge' | 'any_local_bridge';

/** `POST /nodes/{node}/vzdump` options Kiln uses (containers on one node). */
export const vzdumpOptionsSchema = z
  .object({
    vmids: z.array(z.number().int().min(100)).min(1).optional(),
    all: z.boolean().optional(),
    storage: z.string().min(1),
    mode: z.enum(['snapshot', 'suspend', 'stop']).default('snapshot'),
    compress: z.enum(['0', 'gzip', 'lzo', 'zstd']).default('zstd'),
    notesTemplate: z.string().max(1024).optional(),
    protected: z.boolean().optional(),
    remove: z.boolean().optional(),
    /** `keep-last=2,keep-daily=7`: needs Datastore.Allocate on the storage. */
    pruneBackups: z.string().optional(),
  })
  .refine((o) => o.all === true || (o.vmids?.length ?? 0) > 0, 'Give vmids or all');
export type VzdumpOptions = z.input<typeof vzdumpOptionsSchema>;

/** Restore a vzdump archive into `vmid` (new, or an existing stopped one with `force`). */
export const restoreOptionsSchema = z.object({
  vmid: z.number().int().min(100),
  archive: z.string().regex(/^[a-z][a-z0-9\-_.]*[a-z0-9]:backup\/.+$/i, 'Expected a backup volume id'),
  storage: z.string().min(1),
  force: z.boolean().optional(),
  start: z.boolean().optional(),
  unique: z.boolean().optional(),
  hostname: z.string().optional(),
  /** New resources: these override the backed-up configuration. */
  cores: z.number().int().min(1).max(8192).optional(),
  memory: z.number().int().min(16).optional(),
  swap: z.number().int().min(0).optional(),
  /** A new root disk of this many GiB on `storage`; PVE then restores only the disks given, not the backed-up mount points. */
  rootfsGiB: z.number().positive().optional(),
});
export type RestoreOptions = z.input<typeof restoreOptionsSchema>;

/** `POST /nodes/{node}/qemu` with `archive` (`qmrestore`): the backed-up VM, its disks on `storage`. */
export const qemuRestoreOptionsSchema = restoreOptionsSchema.pick({ vmid: true, archive: true, storage: true, force: true, start: true, unique: true });
export type QemuRestoreOptions = z.input<typeof qemuRestoreOptionsSchema>;

/** Retention (`prune-backups`): how many backups to keep per guest and period. */
export const retentionSchema = z.object({
  'keep-all': z.number().int().min(0).optional(),
  'keep-last': z.number().int().min(0).optional(),
  'keep-hourly': z.number().int().min(0).optional(),
  'keep-daily': z.number().int().min(0).optional(),
  'keep-weekly': z.number().int().min(0).optional(),
  'keep-monthly': z.number().int().min(0).optional(),
  'keep-yearly': z.number().int().min(0).optional(),
});
export type Retention = z.infer<typeof retentionSchema>;

/** The `keep-last=2,keep-daily=7` property string PVE takes. */
export function retentionToString(r: Retention): string {
  return Object.entries(r)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

/** PVE lists `prune-backups` as an object of numeric strings; older releases as the property string. */
const retentionAnswer = z.union([z.record(z.string(), z.union([z.string(), z.number()])), z.string()]).transform((v): Retention => {
  const entries = typeof v === 'string' ? v.split(',').map((p) => p.split('=')) : Object.entries(v);
  const out: Record<string, number> = {};
  for (const [k, val] of entries) if (k && val !== undefined && val !== '') out[k.trim()] = Number(val);
  return retentionSchema.parse(out);
});

/** A job of `GET /cluster/backup` (vzdump jobs). */
export const backupJobSchema = z.object({
  id: z.string(),
  type: opt(z.string()),
  schedule: opt(z.string()),
  enabled: pveBool.optional().default(true),
  storage: opt(z.string()),
  mode: opt(z.string()),
  compress: opt(z.string()),
  vmid: z
    .union([z.string(), z.number(), z.null()])
    .optional()
    .transform((v) =>
      v === undefined || v === null
        ? []
        : String(v)
            .split(/[,;\s]+/)
            .filter(Boolean)
            .map(Number),
    ),
  all: pveBool.optional().default(false),
  pool: opt(z.string()),
  exclude: opt(z.string()),
  node: opt(z.string()),
  comment: opt(z.string()),
  'notes-template': opt(z.string()),
  'prune-backups': opt(retentionAnswer),
  'next-run': opt(pveInt),
});
export const backupJobListSchema = z.array(backupJobSchema);
export type PveBackupJob = z.infer<typeof backupJobSchema>;

/** What Kiln sets on a job: a selection (vmids, all or pool), a calendar event, storage, retention. */
export const backupJobOptionsSchema = z.object({
  schedule: z.string().min(1).max(128),
  storage: z.string().min(1),
  vmids: z.array(z.number().int().min(100)).optional(),
  all: z.boolean().optional(),
  pool: z.string().optional(),
  mode: z.enum(['snapshot', 'suspend', 'stop']).optional(),
  compress: z.enum(['0', 'gzip', 'lzo', 'zstd']).optional(),
  enabled: z.boolean().optional(),
  retention: retentionSchema.optional(),
  notesTemplate: z.string().max(1024).optional(),
  comment: z.string().max(512).optional(),
  node: z.string().optional(),
});
export type BackupJobOptions = z.input<typeof backupJobOptionsSchema>;

export function backupJobParams(o: z.output<typeof backupJobOptionsSchema>): Record<string, string | number | boolean | undefined> {
  return {
    schedule: o.schedule,
    storage: o.storage,
    vmid: o.vmids?.join(','),
    all: o.all,
    pool: o.pool,
    mode: o.mode,
    compress: o.compress,
    enabled: o.enabled,
    'prune-backups': o.retention ? retentionToString(o.retention) : undefined,
    'notes-template': o.notesTemplate,
    comment: o.comment,
    node: o.node,
  };
}

/** `GET /cluster/backup/{id}/included_volumes`. */
export const includedVolumesSchema = z.object({
  children: z.array(
    z.object({
      id: pveInt,
      name: opt(z.string()),
      type: z.string(),
      children: z
        .array(z.object({ id: z.string(), name: opt(z.string()), included: pveBool, reason: opt(z.string()) }))
        .optional()
        .default([]),
    }),
  ),
});
export type PveIncludedVolumes = z.infer<typeof includedVolumesSchema>;

/** `GET /pools`: the pools the token may audit (`Pool.Audit` on `/pool/<id>`). */
export const poolListSchema = z.array(z.object({ poolid: z.string(), comment: opt(z.string()) }));
export type PvePool = z.infer<typeof poolListSchema>[number];

/** `GET /cluster/backup-info/not-backed-up`. */
export const notBackedUpSchema = z.array(z.object({ vmid: pveInt, type: z.string(), name: opt(z.string()) }));
