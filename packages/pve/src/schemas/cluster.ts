import { z } from 'zod';
import { guestCounters, opt, pveBool, pveInt, pveList, pveNumber, pveTags } from './primitives';

export const versionSchema = z.object({
  version: z.string(),
  release: z.string(),
  repoid: opt(z.string()),
  console: opt(z.string()),
});
export type PveVersion = z.infer<typeof versionSchema>;

export const nodeListEntrySchema = z.object({
  node: z.string(),
  status: z.string(), // online | offline | unknown
  cpu: opt(pveNumber),
  maxcpu: opt(pveInt),
  mem: opt(pveInt),
  maxmem: opt(pveInt),
  disk: opt(pveInt),
  maxdisk: opt(pveInt),
  uptime: opt(pveInt),
  level: opt(z.string()),
  ssl_fingerprint: opt(z.string()),
});
export const nodeListSchema = z.array(nodeListEntrySchema);
export type PveNodeListEntry = z.infer<typeof nodeListEntrySchema>;

const usageSchema = z.object({ total: opt(pveInt), used: opt(pveInt), free: opt(pveInt), avail: opt(pveInt) });

export const nodeStatusSchema = z
  .object({
    uptime: opt(pveInt),
    cpu: opt(pveNumber),
    wait: opt(pveNumber),
    loadavg: opt(z.array(pveNumber)),
    pveversion: opt(z.string()),
    kversion: opt(z.string()),
    cpuinfo: opt(
      z.object({
        cpus: opt(pveInt),
        cores: opt(pveInt),
        sockets: opt(pveInt),
        model: opt(z.string()),
        mhz: opt(pveNumber),
      }),
    ),
    memory: opt(usageSchema),
    swap: opt(usageSchema),
    rootfs: opt(usageSchema),
    'current-kernel': opt(z.object({ sysname: opt(z.string()), release: opt(z.string()), version: opt(z.string()), machine: opt(z.string()) })),
    'boot-info': opt(z.object({ mode: opt(z.string()), secureboot: opt(pveBool) })),
  })
  .transform(({ 'current-kernel': currentKernel, 'boot-info': bootInfo, ...rest }) => ({
    ...rest,
    currentKernel,
    bootInfo,
  }));
export type PveNodeStatus = z.infer<typeof nodeStatusSchema>;

const clusterStatusCluster = z.object({
  type: z.literal('cluster'),
  id: z.string(),
  name: z.string(),
  nodes: opt(pveInt),
  quorate: opt(pveBool),
  version: opt(pveInt),
});
const clusterStatusNode = z.object({
  type: z.literal('node'),
  id: z.string(),
  name: z.string(),
  ip: opt(z.string()),
  level: opt(z.string()),
  local: pveBool.optional().default(false),
  nodeid: opt(pveInt),
  online: pveBool.optional().default(false),
});
export const clusterStatusSchema = z.array(z.unknown()).transform((items, ctx) =>
  items.flatMap((item) => {
    const type = (item as { type?: unknown } | null)?.type;
    if (type !== 'cluster' && type !== 'node') return []; // e.g. future entry types
    const r = (type === 'cluster' ? clusterStatusCluster : clusterStatusNode).safeParse(item);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return [];
    }
    return [r.data];
  }),
);
export type PveClusterStatusEntry = z.infer<typeof clusterStatusCluster> | z.infer<typeof clusterStatusNode>;

const guestBase = {
  id: z.string(),
  vmid: pveInt,
  name: opt(z.string()),
  node: z.string(),
  /** running | stopped | paused | unknown (new guest, no stats broadcast yet) | ... */
  status: z.string().optional().default('unknown'),
  cpu: opt(pveNumber),
  maxcpu: opt(pveNumber),
  ...guestCounters,
  template: pveBool.optional().default(false),
  tags: pveTags,
  lock: opt(z.string()),
  pool: opt(z.string()),
  hastate: opt(z.string()),
};
export const lxcResourceSchema = z.object({ type: z.literal('lxc'), ...guestBase });
export const qemuResourceSchema = z.object({ type: z.literal('qemu'), ...guestBase });
export const nodeResourceSchema = z
  .object({
    type: z.literal('node'),
    id: z.string(),
    node: z.string(),
    status: z.string().optional().default('unknown'),
    cpu: opt(pveNumber),
    maxcpu: opt(pveNumber),
    mem: opt(pveInt),
    maxmem: opt(pveInt),
    disk: opt(pveInt),
    maxdisk: opt(pveInt),
    uptime: opt(pveInt),
    level: opt(z.string()),
    'cgroup-mode': opt(pveInt),
  })
  .transform(({ 'cgroup-mode': cgroupMode, ...rest }) => ({ ...rest, cgroupMode }));
export const storageResourceSchema = z.object({
  type: z.literal('storage'),
  id: z.string(),
  storage: z.string(),
  node: z.string(),
  status: z.string().optional().default('unknown'),
  plugintype: opt(z.string()),
  content: pveList,
  shared: pveBool.optional().default(false),
  disk: opt(pveInt),
  maxdisk: opt(pveInt),
});

export type LxcResource = z.infer<typeof lxcResourceSchema>;
export type QemuResource = z.infer<typeof qemuResourceSchema>;
export type NodeResource = z.infer<typeof nodeResourceSchema>;
export type StorageResource = z.infer<typeof storageResourceSchema>;
export type ClusterResource = LxcResource | QemuResource | NodeResource | StorageResource;
export type GuestResource = LxcResource | QemuResource;

const resourceSchemas = {
  lxc: lxcResourceSchema,
  qemu: qemuResourceSchema,
  node: nodeResourceSchema,
  storage: storageResourceSchema,
} as const;

/**
 * `/cluster/resources`, discriminated by `type`. Other types (pool, sdn, network, openvz) are
 * dropped: Kiln does not use them, and new ones appear across PVE releases (SDN zones were
 * `type: "sdn"` until PVE 9.0.12, `type: "network"` with `network-type` since).
 */
export const clusterResourcesSchema = z.array(z.unknown()).transform((items, ctx) => {
  const out: ClusterResource[] = [];
  items.forEach((item, index) => {
    const type = (item as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !(type in resourceSchemas)) return;
    const r = resourceSchemas[type as keyof typeof resourceSchemas].safeParse(item);
    if (r.success) out.push(r.data);
    else for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [index, ...issue.path] });
  });
  return out;
});

export const nextIdSchema = pveInt;
