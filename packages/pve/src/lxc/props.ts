import { z } from 'zod';
import { buildPropertyString, parsePropertyString } from '../property-string';

/**
 * The property-string parts of an LXC config (`netN`, `rootfs`, `mpN`, `features`, `devN`):
 * input schemas (validated before sending), builders, and tolerant parsers for config answers.
 * Browser-safe: no Node imports, so forms can reuse the schemas.
 */

const ifaceName = z
  .string()
  .regex(/^[-_.\w]+$/, 'Letters, digits and - _ . only')
  .max(20);
const bridgeName = z.string().regex(/^[-_.\w]+$/, 'Letters, digits and - _ . only');
const mountOptions = z.array(z.enum(['discard', 'lazytime', 'noatime', 'nodev', 'noexec', 'nosuid']));

export const lxcNetSchema = z.object({
  name: ifaceName,
  bridge: bridgeName.optional(),
  hwaddr: z.mac().optional(),
  ip: z.union([z.literal('dhcp'), z.literal('manual'), z.cidrv4()]).optional(),
  gw: z.ipv4().optional(),
  ip6: z.union([z.literal('auto'), z.literal('dhcp'), z.literal('manual'), z.cidrv6()]).optional(),
  gw6: z.ipv6().optional(),
  tag: z.number().int().min(1).max(4094).optional(),
  trunks: z.array(z.number().int().min(1).max(4094)).optional(),
  firewall: z.boolean().optional(),
  mtu: z.number().int().min(64).max(65535).optional(),
  /** Rate limit in MB/s. */
  rate: z.number().positive().optional(),
  link_down: z.boolean().optional(),
});
export type LxcNet = z.infer<typeof lxcNetSchema>;

export const lxcFeaturesSchema = z.object({
  nesting: z.boolean().optional(),
  keyctl: z.boolean().optional(),
  fuse: z.boolean().optional(),
  mknod: z.boolean().optional(),
  force_rw_sys: z.boolean().optional(),
  /** Allowed filesystem types for mount(2), e.g. ['nfs', 'cifs']. */
  mount: z.array(z.string().regex(/^[a-zA-Z0-9_]+$/)).optional(),
});
export type LxcFeatures = z.infer<typeof lxcFeaturesSchema>;

const mountFlags = {
  acl: z.boolean().optional(),
  quota: z.boolean().optional(),
  ro: z.boolean().optional(),
  replicate: z.boolean().optional(),
  mountoptions: mountOptions.optional(),
};

/** Root filesystem on create: a new volume of `sizeGiB` on `storage` (`local-lvm:8`). */
export const lxcRootfsSchema = z.object({
  storage: z.string().min(1),
  sizeGiB: z.number().positive(),
  ...mountFlags,
});
export type LxcRootfs = z.infer<typeof lxcRootfsSchema>;

export const lxcMountPointSchema = z.object({
  /**
   * `storage:SIZE_GiB` allocates a new volume (`local-lvm:16`); `storage:vm-101-disk-1` reuses one;
   * an absolute host path (`/srv/data`) is a bind mount and a `/dev/...` path a device mount
   * (both root-only: see splitRootOnlyOptions).
   */
  volume: z.string().min(1),
  /** Path inside the container. */
  mp: z.string().startsWith('/'),
  size: z
    .string()
    .regex(/^\d+(\.\d+)?[KMGT]?$/)
    .optional(),
  backup: z.boolean().optional(),
  shared: z.boolean().optional(),
  ...mountFlags,
});
export type LxcMountPoint = z.infer<typeof lxcMountPointSchema>;

export const lxcDeviceSchema = z.object({
  path: z.string().startsWith('/dev/'),
  mode: z
    .string()
    .regex(/^0[0-7]{3}$/)
    .optional(),
  uid: z.number().int().min(0).optional(),
  gid: z.number().int().min(0).optional(),
  'deny-write': z.boolean().optional(),
});
export type LxcDevice = z.infer<typeof lxcDeviceSchema>;

export function buildNet(net: LxcNet): string {
  const { name, bridge, hwaddr, ip, gw, ip6, gw6, tag, trunks, firewall, mtu, rate, link_down } = net;
  return buildPropertyString({ name, bridge, hwaddr, ip, gw, ip6, gw6, tag, trunks, firewall, mtu, rate, link_down });
}

export function buildFeatures(f: LxcFeatures): string {
  const { nesting, keyctl, fuse, mknod, force_rw_sys, mount } = f;
  return buildPropertyString({ nesting, keyctl, fuse, mknod, force_rw_sys, mount });
}

export function buildRootfs(r: LxcRootfs): string {
  const { storage, sizeGiB, ...flags } = r;
  return buildPropertyString({ volume: `${storage}:${sizeGiB}`, ...flags }, { defaultKey: 'volume' });
}

export function buildMountPoint(m: LxcMountPoint): string {
  const { volume, mp, size, ...flags } = m;
  return buildPropertyString({ volume, mp, size, ...flags }, { defaultKey: 'volume' });
}

export function buildDevice(d: LxcDevice): string {
  return buildPropertyString({ ...d }, { defaultKey: 'path' });
}

// ---- tolerant parsing of config answers (values are whatever PVE stored) ----

const TRUE_RE = /^(1|on|yes|true)$/i;
const flag = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : TRUE_RE.test(v));
const num = (v: string | undefined): number | undefined => {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};
const list = (v: string | undefined): string[] | undefined => (v === undefined ? undefined : v.split(';').filter((x) => x.length > 0));

export interface LxcNetConfig {
  name?: string;
  bridge?: string;
  hwaddr?: string;
  ip?: string;
  gw?: string;
  ip6?: string;
  gw6?: string;
  tag?: number;
  trunks?: number[];
  firewall?: boolean;
  mtu?: number;
  rate?: number;
  link_down?: boolean;
  type?: string;
}

export function parseNet(value: string): LxcNetConfig {
  const p = parsePropertyString(value);
  return {
    name: p['name'],
    bridge: p['bridge'],
    hwaddr: p['hwaddr'],
    ip: p['ip'],
    gw: p['gw'],
    ip6: p['ip6'],
    gw6: p['gw6'],
    tag: num(p['tag']),
    trunks: list(p['trunks'])?.map(Number),
    firewall: flag(p['firewall']),
    mtu: num(p['mtu']),
    rate: num(p['rate']),
    link_down: flag(p['link_down']),
    type: p['type'],
  };
}

export interface LxcMountConfig {
  volume: string;
  mp?: string;
  /** As PVE writes it, e.g. `8G`. */
  size?: string;
  acl?: boolean;
  quota?: boolean;
  ro?: boolean;
  replicate?: boolean;
  backup?: boolean;
  shared?: boolean;
  mountoptions?: string[];
}

export function parseMountPoint(value: string): LxcMountConfig {
  const p = parsePropertyString(value, { defaultKey: 'volume' });
  return {
    volume: p['volume'] ?? '',
    mp: p['mp'],
    size: p['size'],
    acl: flag(p['acl']),
    quota: flag(p['quota']),
    ro: flag(p['ro']),
    replicate: flag(p['replicate']),
    backup: flag(p['backup']),
    shared: flag(p['shared']),
    mountoptions: list(p['mountoptions']),
  };
}

export interface LxcFeaturesConfig {
  nesting: boolean;
  keyctl: boolean;
  fuse: boolean;
  mknod: boolean;
  force_rw_sys: boolean;
  mount: string[];
}

export function parseFeatures(value: string | undefined): LxcFeaturesConfig {
  const p = value === undefined ? {} : parsePropertyString(value);
  return {
    nesting: flag(p['nesting']) ?? false,
    keyctl: flag(p['keyctl']) ?? false,
    fuse: flag(p['fuse']) ?? false,
    mknod: flag(p['mknod']) ?? false,
    force_rw_sys: flag(p['force_rw_sys']) ?? false,
    mount: list(p['mount']) ?? [],
  };
}
