import { z } from 'zod';

/**
 * What Kiln stored about a creation request (Container.spec): everything needed to run or
 * resume it, except secret param values (encrypted separately in Container.secretsEnc).
 */
export const creationSpecSchema = z.object({
  template: z.object({ id: z.string(), slug: z.string(), version: z.string() }),
  pveNode: z.string(),
  hostname: z.string(),
  vmid: z.number().int(),
  storage: z.string(),
  cores: z.number().int(),
  memory: z.number().int(),
  swap: z.number().int(),
  disk: z.number().int(),
  unprivileged: z.boolean(),
  features: z.object({ nesting: z.boolean(), keyctl: z.boolean(), fuse: z.boolean() }),
  network: z.object({
    bridge: z.string(),
    ipv4: z.union([z.literal('dhcp'), z.object({ cidr: z.string(), gateway: z.string().optional() })]),
    ipv6: z.union([z.enum(['auto', 'dhcp', 'none']), z.object({ cidr: z.string(), gateway: z.string().optional() })]),
    vlan: z.number().int().optional(),
    firewall: z.boolean(),
  }),
  dns: z.object({ nameservers: z.array(z.string()), searchdomain: z.string().optional() }),
  tags: z.array(z.string()),
  /** Non-secret params as entered (or defaulted). */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Names of the secret params (values in secretsEnc). */
  secretParams: z.array(z.string()),
});
export type CreationSpec = z.infer<typeof creationSpecSchema>;

/** The PVE tag that binds a container to its Kiln row: found again after a crash, adopted, never duplicated. */
export function ownershipTag(containerId: string): string {
  return `kiln-${containerId}`;
}
