import { z } from 'zod';
import { guestHa, guestStatsBase, opt, pveBool, pveInt, pveNumber, pveTags } from './primitives';

/**
 * `cpu` is a fraction of the allowed cores and can be a hair below zero on real nodes
 * (`-5.75e-05`, a clock skew in pvestatd's sampling): accepted as is, clamped for display.
 */
const lxcStatsShape = {
  ...guestStatsBase,
  swap: opt(pveInt),
  maxswap: opt(pveInt),
  // PSI `avg10` percentages of a running container; PVE 9 sends them as strings ("0.00")
  pressurecpusome: opt(pveNumber),
  pressurecpufull: opt(pveNumber),
  pressureiosome: opt(pveNumber),
  pressureiofull: opt(pveNumber),
  pressurememorysome: opt(pveNumber),
  pressurememoryfull: opt(pveNumber),
};

export const lxcListEntrySchema = z.object(lxcStatsShape);
export const lxcListSchema = z.array(lxcListEntrySchema);
export type LxcListEntry = z.infer<typeof lxcListEntrySchema>;

export const lxcStatusSchema = z.object({
  ...lxcStatsShape,
  ha: guestHa,
});
export type LxcStatus = z.infer<typeof lxcStatusSchema>;

export const lxcInterfaceSchema = z
  .object({
    name: z.string(),
    hwaddr: opt(z.string()),
    'hardware-address': opt(z.string()),
    inet: opt(z.string()),
    inet6: opt(z.string()),
    'ip-addresses': opt(
      z.array(
        z.object({
          'ip-address': opt(z.string()),
          'ip-address-type': opt(z.string()),
          prefix: opt(pveInt),
        }),
      ),
    ),
  })
  .transform((i) => ({
    name: i.name,
    hwaddr: i.hwaddr ?? i['hardware-address'],
    inet: i.inet,
    inet6: i.inet6,
    // PVE 7 sends only inet/inet6; later releases add the structured list.
    addresses: (i['ip-addresses'] ?? []).flatMap((a) => (a['ip-address'] === undefined ? [] : [{ address: a['ip-address'], family: a['ip-address-type'], prefix: a.prefix }])),
  }));
export const lxcInterfacesSchema = z.array(lxcInterfaceSchema);
export type LxcInterface = z.infer<typeof lxcInterfaceSchema>;

/** Scalars of `/nodes/{node}/lxc/{vmid}/config`; indexed and property-string keys are handled in lxc-config.ts. */
export const lxcConfigScalarsSchema = z.object({
  digest: z.string(),
  hostname: opt(z.string()),
  arch: opt(z.string()),
  ostype: opt(z.string()),
  cores: opt(pveInt),
  cpulimit: opt(pveNumber),
  cpuunits: opt(pveInt),
  memory: opt(pveInt),
  swap: opt(pveInt),
  // Absent in the config file when false; the API default on create is decided by the creator.
  unprivileged: pveBool.optional().default(false),
  onboot: pveBool.optional().default(false),
  protection: pveBool.optional().default(false),
  template: pveBool.optional().default(false),
  tags: pveTags,
  // Stored as `#` comment lines; PVE reads each back with "\n", so it always ends in one. Dropped
  // here so that what was written reads back the same.
  description: opt(z.string().transform((d) => d.replace(/\n$/, ''))),
  nameserver: opt(z.string()),
  searchdomain: opt(z.string()),
  timezone: opt(z.string()),
  startup: opt(z.string()),
  lock: opt(z.string()),
  hookscript: opt(z.string()),
  console: opt(pveBool),
  tty: opt(pveInt),
  cmode: opt(z.string()),
  // Raw `lxc.*` keys come back as [key, value] pairs.
  lxc: z
    .array(z.tuple([z.string(), z.string()]))
    .optional()
    .default([]),
});
