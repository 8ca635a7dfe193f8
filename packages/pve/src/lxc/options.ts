import { z } from 'zod';
import type { Params } from '../encode';
import { tagsToString } from '../property-string';
import { buildDevice, buildFeatures, buildMountPoint, buildNet, buildRootfs, lxcDeviceSchema, lxcFeaturesSchema, lxcMountPointSchema, lxcNetSchema, lxcRootfsSchema } from './props';

/** Indexed families (`net0`, `mp3`): an object keyed by index, or an array (index = position). */
function indexed<T extends z.ZodType>(item: T, max: number) {
  const key = z
    .string()
    .regex(/^\d+$/, 'Index must be a number')
    .refine((k) => Number(k) < max, `Index must be below ${max}`);
  return z.union([z.array(item).max(max), z.record(key, item)]).transform((v) => (Array.isArray(v) ? Object.fromEntries(v.map((x, i) => [String(i), x] as const)) : v) as Record<string, z.output<T>>);
}

const dnsName = z
  .string()
  .max(255)
  .regex(/^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/, 'Not a valid DNS name');

/** Options that both create and a config update take. */
const sharedShape = {
  hostname: dnsName.optional(),
  cores: z.number().int().min(1).max(8192).optional(),
  cpulimit: z.number().min(0).max(8192).optional(),
  cpuunits: z.number().int().min(0).max(500000).optional(),
  /** MiB. */
  memory: z.number().int().min(16).optional(),
  /** MiB. */
  swap: z.number().int().min(0).optional(),
  features: lxcFeaturesSchema.optional(),
  net: indexed(lxcNetSchema, 32).optional(),
  mp: indexed(lxcMountPointSchema, 256).optional(),
  dev: indexed(lxcDeviceSchema, 256).optional(),
  nameserver: z.array(z.string().min(1)).optional(),
  searchdomain: z.array(dnsName).optional(),
  tags: z.array(z.string()).optional(),
  description: z.string().max(8192).optional(),
  onboot: z.boolean().optional(),
  protection: z.boolean().optional(),
  startup: z.string().optional(),
  timezone: z.string().optional(),
  ostype: z.string().optional(),
  arch: z.enum(['amd64', 'i386', 'arm64', 'armhf', 'riscv32', 'riscv64']).optional(),
  hookscript: z.string().optional(),
  /** Raw `lxc.*` keys. The API refuses them even for root: see splitRootOnlyOptions. */
  rawLxc: z.array(z.tuple([z.string().startsWith('lxc.'), z.string()])).optional(),
};

export const lxcCreateOptionsSchema = z.object({
  vmid: z.number().int().min(100).max(999_999_999),
  /** Volume id of the template, e.g. `local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`. */
  ostemplate: z.string().min(1),
  rootfs: lxcRootfsSchema,
  /** Defaults to true: Kiln creates unprivileged containers unless told otherwise. */
  unprivileged: z.boolean().optional(),
  /** Root password inside the container. Secret: never logged. */
  password: z.string().min(5).optional(),
  /** OpenSSH public keys, one per line. */
  sshPublicKeys: z.string().optional(),
  pool: z.string().optional(),
  start: z.boolean().optional(),
  ...sharedShape,
});
export type LxcCreateOptions = z.input<typeof lxcCreateOptionsSchema>;

export const lxcConfigUpdateSchema = z.object(sharedShape).partial();
export type LxcConfigUpdate = z.input<typeof lxcConfigUpdateSchema>;

type Shared = z.output<z.ZodObject<typeof sharedShape>>;

function sharedParams(o: Partial<Shared>): Record<string, string | number | boolean | undefined> {
  const params: Record<string, string | number | boolean | undefined> = {
    hostname: o.hostname,
    cores: o.cores,
    cpulimit: o.cpulimit,
    cpuunits: o.cpuunits,
    memory: o.memory,
    swap: o.swap,
    features: o.features && buildFeatures(o.features),
    nameserver: o.nameserver?.join(' '),
    searchdomain: o.searchdomain?.join(' '),
    tags: o.tags && tagsToString(o.tags),
    description: o.description,
    onboot: o.onboot,
    protection: o.protection,
    startup: o.startup,
    timezone: o.timezone,
    ostype: o.ostype,
    arch: o.arch,
    hookscript: o.hookscript,
  };
  for (const [i, net] of Object.entries(o.net ?? {})) params[`net${i}`] = buildNet(net);
  for (const [i, mp] of Object.entries(o.mp ?? {})) params[`mp${i}`] = buildMountPoint(mp);
  for (const [i, dev] of Object.entries(o.dev ?? {})) params[`dev${i}`] = buildDevice(dev);
  return params;
}

/** Validate create options and turn them into `POST /nodes/{node}/lxc` form parameters. */
export function lxcCreateParams(options: LxcCreateOptions): Params {
  const o = lxcCreateOptionsSchema.parse(options);
  if (o.rawLxc && o.rawLxc.length > 0) {
    throw new z.ZodError([{ code: 'custom', path: ['rawLxc'], message: 'lxc.* keys cannot be set over the API; use splitRootOnlyOptions', input: undefined }]);
  }
  return {
    vmid: o.vmid,
    ostemplate: o.ostemplate,
    rootfs: buildRootfs(o.rootfs),
    unprivileged: o.unprivileged ?? true,
    password: o.password,
    'ssh-public-keys': o.sshPublicKeys,
    pool: o.pool,
    start: o.start,
    ...sharedParams(o),
  };
}

/** Validate an update and turn it into `PUT .../config` form parameters. */
export function lxcConfigParams(update: LxcConfigUpdate): Params {
  const o = lxcConfigUpdateSchema.parse(update);
  if (o.rawLxc && o.rawLxc.length > 0) {
    throw new z.ZodError([{ code: 'custom', path: ['rawLxc'], message: 'lxc.* keys cannot be set over the API', input: undefined }]);
  }
  return sharedParams(o);
}
