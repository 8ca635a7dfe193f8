import { z } from 'zod';
import { opt, pveBool, pveInt, pveNumber, pveTags } from './primitives';

/** What `PVE::QemuServer::vmstatus` reports; `disk` is always 0 (QEMU does not see the guest's filesystems). */
const qemuStatsShape = {
  vmid: pveInt,
  name: opt(z.string()),
  status: z.string(), // running | stopped
  cpu: opt(pveNumber),
  cpus: opt(pveNumber),
  mem: opt(pveInt),
  memhost: opt(pveInt),
  maxmem: opt(pveInt),
  disk: opt(pveInt),
  maxdisk: opt(pveInt),
  diskread: opt(pveInt),
  diskwrite: opt(pveInt),
  netin: opt(pveInt),
  netout: opt(pveInt),
  uptime: opt(pveInt),
  pid: opt(pveInt),
  lock: opt(z.string()),
  tags: pveTags,
  template: pveBool.optional().default(false),
};

export const qemuListEntrySchema = z.object(qemuStatsShape);
export const qemuListSchema = z.array(qemuListEntrySchema);
export type QemuListEntry = z.infer<typeof qemuListEntrySchema>;

export const qemuStatusSchema = z.object({
  ...qemuStatsShape,
  /** `running`, `paused` (suspended), `stopped`, `prelaunch`...: finer than `status`. */
  qmpstatus: opt(z.string()),
  /** The guest agent is enabled in the config (not whether it answers). */
  agent: pveBool.optional().default(false),
  ha: opt(z.object({ managed: pveBool.optional().default(false), state: opt(z.string()) })),
});
export type QemuStatus = z.infer<typeof qemuStatusSchema>;

/** The VM config: values as PVE sends them (property strings), plus the digest. */
export const qemuConfigSchema = z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).transform((c) => ({ ...c, digest: c['digest'] ?? '' }));
export type QemuConfig = z.infer<typeof qemuConfigSchema>;

/** One address the QEMU guest agent reports (`ipv4`/`ipv6`). */
export const agentAddressSchema = z.object({
  'ip-address': z.string(),
  'ip-address-type': z.string(),
  prefix: opt(pveInt),
});

/** `guest-network-get-interfaces` as PVE passes it through: `{ result: [...] }`. */
export const agentInterfacesSchema = z
  .object({
    result: z.array(
      z.object({
        name: z.string(),
        'hardware-address': opt(z.string()),
        'ip-addresses': z.array(agentAddressSchema).optional().default([]),
      }),
    ),
  })
  .transform((r) => r.result);
export type AgentInterface = z.output<typeof agentInterfacesSchema>[number];
