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
});
export type RestoreOptions = z.input<typeof restoreOptionsSchema>;
