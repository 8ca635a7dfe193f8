import { z } from 'zod';
import { guestHa, guestStatsBase, opt, pveBool, pveInt } from './primitives';

/** What `PVE::QemuServer::vmstatus` reports; `disk` is always 0 (QEMU does not see the guest's filesystems). */
const qemuStatsShape = {
  ...guestStatsBase,
  /** Memory the QEMU process uses on the host (PVE 9). */
  memhost: opt(pveInt),
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
  ha: guestHa,
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
