import { z } from 'zod';
import { isIpv4 } from '@kiln/core/templates';
import { hostBounds, inSubnet, intToIp, ipToInt, parseSpan, parseSubnet } from '../ippools/ipv4';
import { BRIDGE_RE } from './containers';

const list = z
  .string()
  .trim()
  .optional()
  .transform((s) => (s ? s.split(/[\s,;]+/).filter(Boolean) : []));

const optionalIp = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => v === undefined || isIpv4(v), 'Enter an IPv4 address, like 10.10.0.1.');

/**
 * An IP pool as the Settings form sends it; the same schema checks it on the server. Checks that
 * need other pools (overlap on the same bridge/VLAN) are the service's (ippools/service.ts).
 */
export const ipPoolSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the pool.').max(64, 'At most 64 characters.'),
    bridge: z.string().trim().regex(BRIDGE_RE, 'Enter a bridge name like vmbr0.'),
    vlan: z
      .union([z.literal(''), z.coerce.number().int('The VLAN tag must be a whole number.').min(1, 'The VLAN tag must be at least 1.').max(4094, 'The VLAN tag must be at most 4094.')])
      .optional()
      .transform((v) => (v === '' || v === undefined ? undefined : v)),
    cidr: z
      .string()
      .trim()
      .refine((c) => parseSubnet(c) !== undefined, 'Enter a subnet like 10.10.0.0/24.'),
    rangeStart: optionalIp,
    rangeEnd: optionalIp,
    /** Addresses (10.10.0.5) or ranges (10.10.0.10-10.10.0.20), separated by spaces, commas or lines. */
    reserved: list,
    gateway: optionalIp,
    dns: list.refine((l) => l.length <= 3 && l.every(isIpv4), 'Enter up to 3 IPv4 addresses separated by spaces or commas.'),
  })
  .superRefine((v, ctx) => {
    const subnet = parseSubnet(v.cidr);
    if (!subnet) return;
    const [first, last] = hostBounds(subnet);
    const inside = (ip: string) => {
      const n = ipToInt(ip);
      return inSubnet(subnet, n) && n >= first && n <= last;
    };
    if (v.gateway && !inside(v.gateway)) ctx.addIssue({ code: 'custom', path: ['gateway'], message: `The gateway must be a host address inside ${v.cidr}.` });
    if (v.rangeStart && !inside(v.rangeStart)) ctx.addIssue({ code: 'custom', path: ['rangeStart'], message: `The range must lie inside ${v.cidr}.` });
    if (v.rangeEnd && !inside(v.rangeEnd)) ctx.addIssue({ code: 'custom', path: ['rangeEnd'], message: `The range must lie inside ${v.cidr}.` });
    if ((v.rangeStart === undefined) !== (v.rangeEnd === undefined))
      ctx.addIssue({ code: 'custom', path: [v.rangeStart ? 'rangeEnd' : 'rangeStart'], message: 'Give both ends of the range, or neither (the whole subnet).' });
    if (v.rangeStart && v.rangeEnd && ipToInt(v.rangeStart) > ipToInt(v.rangeEnd)) ctx.addIssue({ code: 'custom', path: ['rangeEnd'], message: 'The range ends before it starts.' });
    for (const r of v.reserved) {
      const span = parseSpan(r);
      if (!span) ctx.addIssue({ code: 'custom', path: ['reserved'], message: `“${r}” is not an address or a range like 10.10.0.10-10.10.0.20.` });
      else if (!inSubnet(subnet, span[0]) || !inSubnet(subnet, span[1])) ctx.addIssue({ code: 'custom', path: ['reserved'], message: `${r} is outside ${v.cidr}.` });
    }
  })
  .transform((v) => {
    // stored with host bits cleared, so `10.10.0.7/24` and `10.10.0.0/24` are the same pool
    const s = parseSubnet(v.cidr)!;
    return { ...v, cidr: `${intToIp(s.network)}/${s.prefix}` };
  });

export type IpPoolInput = z.input<typeof ipPoolSchema>;
export type IpPoolValues = z.output<typeof ipPoolSchema>;

/** What the Settings form posts (text fields as typed): the service parses it with ipPoolSchema, errors per field. */
export const ipPoolFormSchema = z.object({
  id: z.uuid().optional(),
  name: z.string(),
  bridge: z.string(),
  vlan: z.string().optional(),
  cidr: z.string(),
  rangeStart: z.string().optional(),
  rangeEnd: z.string().optional(),
  reserved: z.string().optional(),
  gateway: z.string().optional(),
  dns: z.string().optional(),
});
export type IpPoolFormValues = z.infer<typeof ipPoolFormSchema>;
