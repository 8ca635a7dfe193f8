import { z } from 'zod';

const templateRefSchema = z.object({ id: z.string(), slug: z.string(), version: z.string() });

const staticAddress = z.object({ cidr: z.string(), gateway: z.string().optional() });
/** net0 as the wizard creates it. */
const creationNetworkSchema = z.object({
  bridge: z.string(),
  ipv4: z.union([z.literal('dhcp'), staticAddress]),
  ipv6: z.union([z.enum(['auto', 'dhcp', 'none']), staticAddress]),
  vlan: z.number().int().optional(),
  firewall: z.boolean(),
});
const adoptedNetworkSchema = creationNetworkSchema.extend({ ipv4: z.union([z.enum(['dhcp', 'none']), staticAddress]) });

/**
 * What Kiln stored about a container (Container.spec): a creation request, everything needed to run
 * or resume it except secret param values (encrypted separately in Container.secretsEnc), or what
 * an adopted container's config said when Kiln adopted it (`template` null: adopted without one).
 * Read any row's spec with this; creations use creationSpecSchema, which requires the template.
 */
export const containerSpecSchema = z.object({
  template: templateRefSchema.nullable(),
  pveNode: z.string(),
  hostname: z.string(),
  vmid: z.number().int(),
  storage: z.string(),
  /** The OS image chosen in the wizard (a `vztmpl` volid); absent: the newest image matching the template's OS. */
  osImage: z.string().optional(),
  cores: z.number().int(),
  memory: z.number().int(),
  swap: z.number().int(),
  disk: z.number().int(),
  unprivileged: z.boolean(),
  features: z.object({ nesting: z.boolean(), keyctl: z.boolean(), fuse: z.boolean() }),
  /** net0; an adopted container may have no address of one kind (`none`), or no net0 at all (null). */
  network: adoptedNetworkSchema.nullable(),
  dns: z.object({ nameservers: z.array(z.string()), searchdomain: z.string().optional() }),
  tags: z.array(z.string()),
  /** Non-secret params as entered (or defaulted). */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Names of the secret params (values in secretsEnc). */
  secretParams: z.array(z.string()),
});
export type ContainerSpec = z.infer<typeof containerSpecSchema>;

/** A creation's spec: always from a template (the provisioning engine renders its steps), always with net0. */
export const creationSpecSchema = containerSpecSchema.extend({ template: templateRefSchema, network: creationNetworkSchema });
export type CreationSpec = z.infer<typeof creationSpecSchema>;

/** The PVE tag that binds a container to its Kiln row: found again after a crash, adopted, never duplicated. */
export function ownershipTag(containerId: string): string {
  return `kiln-${containerId}`;
}
