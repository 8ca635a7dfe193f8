import { z } from 'zod';
import { featuresSchema, isCidrV4, isCidrV6, isIp, isIpv4, isIpv6 } from '@kiln/core/templates';
import { VMID_MAX, VMID_MIN } from './vmid';

/**
 * The creation wizard's request: one schema for the browser form, the server action and (as the
 * stored spec) the worker. Template params are validated separately against the template's own
 * params schema.
 */
export const HOSTNAME_MESSAGE = 'Use letters, digits and hyphens, dot-separated labels of 1–63 characters, not starting or ending with a hyphen (RFC 1123).';

export const hostnameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a host name.')
  .max(253, 'A host name has at most 253 characters.')
  .refine((h) => h.split('.').every((l) => /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(l)), HOSTNAME_MESSAGE)
  .transform((h) => h.toLowerCase());

const int = (label: string, min: number, max: number, unit = '') =>
  z.coerce
    .number({ message: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(min, `${label} must be at least ${min}${unit}.`)
    .max(max, `${label} must be at most ${max}${unit}.`);

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

interface Addressing {
  ipv4Mode: string;
  ipv4Cidr?: string;
  ipv4Gateway?: string;
  ipv6Mode: string;
  ipv6Cidr?: string;
  ipv6Gateway?: string;
}

/** Static addresses need a prefix and a gateway of the same family (the wizard's and the settings' network fields). */
export function checkStaticAddresses(n: Addressing, ctx: z.RefinementCtx): void {
  if (n.ipv4Mode === 'static') {
    if (!n.ipv4Cidr || !isCidrV4(n.ipv4Cidr)) ctx.addIssue({ code: 'custom', path: ['ipv4Cidr'], message: 'Enter an address with a prefix, like 192.168.1.50/24.' });
    if (n.ipv4Gateway && !isIpv4(n.ipv4Gateway)) ctx.addIssue({ code: 'custom', path: ['ipv4Gateway'], message: 'Enter an IPv4 address, like 192.168.1.1.' });
  }
  if (n.ipv6Mode === 'static') {
    if (!n.ipv6Cidr || !isCidrV6(n.ipv6Cidr)) ctx.addIssue({ code: 'custom', path: ['ipv6Cidr'], message: 'Enter an address with a prefix, like fd00::50/64.' });
    if (n.ipv6Gateway && !isIpv6(n.ipv6Gateway)) ctx.addIssue({ code: 'custom', path: ['ipv6Gateway'], message: 'Enter an IPv6 address, like fd00::1.' });
  }
}

export const BRIDGE_RE = /^[-_.\w]{1,15}$/;

export const networkFormSchema = z
  .object({
    bridge: z.string().trim().regex(BRIDGE_RE, 'Enter a bridge name like vmbr0.'),
    /** `pool`: the next free address of `ipv4PoolId`, allocated by the server at creation. */
    ipv4Mode: z.enum(['dhcp', 'static', 'pool']),
    ipv4PoolId: optionalText,
    ipv4Cidr: optionalText,
    ipv4Gateway: optionalText,
    ipv6Mode: z.enum(['none', 'auto', 'dhcp', 'static']),
    ipv6Cidr: optionalText,
    ipv6Gateway: optionalText,
    vlan: z
      .union([z.literal(''), int('The VLAN tag', 1, 4094)])
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    firewall: z.boolean(),
  })
  .superRefine((n, ctx) => {
    checkStaticAddresses(n, ctx);
    if (n.ipv4Mode === 'pool' && !n.ipv4PoolId) ctx.addIssue({ code: 'custom', path: ['ipv4PoolId'], message: 'Choose an IP pool.' });
  });

/** PVE's `pve-tag` format, lowercased as Kiln writes tags. */
export const TAG_RE = /^[a-z0-9_][a-z0-9_\-+.]*$/;
export const TAG_MESSAGE = 'Tags use lowercase letters, digits and _ - + . (not starting with - + .).';

export const createContainerSchema = z
  .object({
    /** Generated when the wizard opens: a double submit finds the same creation. */
    requestId: z.uuid(),
    templateId: z.uuid('Choose a template.'),
    nodeId: z.uuid('Choose a node.'),
    hostname: hostnameSchema,
    vmidMode: z.enum(['auto', 'manual']),
    vmid: z
      .union([z.literal(''), int('The VMID', VMID_MIN, VMID_MAX)])
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    storage: z.string().trim().min(1, 'Choose a storage for the root disk.'),
    /** The OS image (a `vztmpl` volid on the node) where the template's OS family has several; empty: the newest. */
    osImage: z
      .string()
      .trim()
      .max(512)
      .optional()
      .transform((v) => v || undefined),
    cores: int('Cores', 1, 128),
    memory: int('Memory', 16, 4_194_304, ' MiB'),
    swap: int('Swap', 0, 4_194_304, ' MiB'),
    disk: int('The disk size', 1, 131_072, ' GiB'),
    unprivileged: z.boolean(),
    features: featuresSchema,
    network: networkFormSchema,
    nameservers: z
      .string()
      .trim()
      .optional()
      .transform((s) => (s ? s.split(/[\s,]+/).filter(Boolean) : []))
      .refine((list) => list.length <= 3 && list.every(isIp), 'Enter up to 3 IP addresses separated by spaces or commas.'),
    searchdomain: optionalText.refine((d) => !d || /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(d), 'Enter a domain like home.arpa.'),
    tags: z
      .string()
      .trim()
      .optional()
      .transform((s) =>
        s
          ? [
              ...new Set(
                s
                  .toLowerCase()
                  .split(/[\s,;]+/)
                  .filter(Boolean),
              ),
            ]
          : [],
      )
      .refine((tags) => tags.every((t) => TAG_RE.test(t)), TAG_MESSAGE),
    /** Validated against the template's own params schema on the server. */
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .superRefine((v, ctx) => {
    if (v.vmidMode === 'manual' && v.vmid === undefined) ctx.addIssue({ code: 'custom', path: ['vmid'], message: 'Enter a VMID, or let Kiln pick the next free one.' });
  });

export type CreateContainerInput = z.input<typeof createContainerSchema>;
export type CreateContainerValues = z.output<typeof createContainerSchema>;
