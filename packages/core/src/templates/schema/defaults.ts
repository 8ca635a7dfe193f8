/** Container defaults a template proposes (the wizard prefills its resource and network steps from them). */
import { z } from 'zod';
import { isCidrV4, isCidrV6, isIp, isIpv4, isIpv6 } from '../net';
import { BRIDGE, DNS_NAME, PVE_TAG, PVE_TAG_MESSAGE } from '../names';

const ipv4 = z.string().refine(isIpv4, 'must be an IPv4 address like 192.168.1.1');
const ipv6 = z.string().refine(isIpv6, 'must be an IPv6 address like fd00::1');

export const ipv4ConfigSchema = z.union(
  [z.literal('dhcp'), z.strictObject({ cidr: z.string().refine(isCidrV4, 'must be an IPv4 address with a prefix, like 192.168.1.50/24'), gateway: ipv4.optional() })],
  { error: 'must be dhcp or a static address { cidr: 192.168.1.50/24, gateway: 192.168.1.1 }' },
);

export const ipv6ConfigSchema = z.union(
  [z.enum(['auto', 'dhcp', 'none']), z.strictObject({ cidr: z.string().refine(isCidrV6, 'must be an IPv6 address with a prefix, like fd00::50/64'), gateway: ipv6.optional() })],
  { error: 'must be auto, dhcp, none or a static address { cidr: fd00::50/64, gateway: fd00::1 }' },
);

export const networkSchema = z.strictObject({
  bridge: z.string().regex(BRIDGE, 'must be a bridge name like vmbr0').default('vmbr0'),
  ipv4: ipv4ConfigSchema.default('dhcp'),
  ipv6: ipv6ConfigSchema.default('none'),
  /** 802.1Q VLAN tag on the bridge port. */
  vlan: z.number().int().min(1).max(4094).optional(),
  firewall: z.boolean().default(true),
});

export const dnsSchema = z.strictObject({
  /** Empty: the container inherits the node's resolv.conf (PVE's behaviour when neither is set). */
  nameservers: z.array(z.string().refine(isIp, 'must be an IP address')).max(3).default([]),
  searchdomain: z.string().regex(DNS_NAME, 'must be a domain name like example.com').optional(),
});

/**
 * nesting is on by default: PVE's own wizard sets it for unprivileged containers, and Debian 12's
 * systemd needs it (without it logind and sandboxed units misbehave). keyctl and fuse need root
 * over SSH (`pct set`): an API token cannot set them.
 */
export const featuresSchema = z.strictObject({
  nesting: z.boolean().default(true),
  keyctl: z.boolean().default(false),
  fuse: z.boolean().default(false),
});

export const defaultsSchema = z.strictObject({
  cores: z.number().int().min(1).max(8192).default(1),
  /** MiB */
  memory: z.number().int().min(16).max(4_194_304).default(512),
  /** MiB */
  swap: z.number().int().min(0).max(4_194_304).default(512),
  /** GiB, the root disk */
  disk: z.number().int().min(1).max(131_072).default(8),
  unprivileged: z.boolean().default(true),
  features: featuresSchema.prefault({}),
  network: networkSchema.prefault({}),
  dns: dnsSchema.prefault({}),
  /** Proxmox tags put on the container (Kiln adds its own tag too). */
  tags: z.array(z.string().regex(PVE_TAG, PVE_TAG_MESSAGE)).max(20).default([]),
});

export type ContainerDefaults = z.infer<typeof defaultsSchema>;
export type NetworkConfig = z.infer<typeof networkSchema>;
export type DnsConfig = z.infer<typeof dnsSchema>;
export type FeatureFlags = z.infer<typeof featuresSchema>;
