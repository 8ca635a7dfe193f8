import { z } from 'zod';
import { buildPropertyString, isHostPathMount, lxcConfigParams, type LxcConfigUpdate, type LxcMountPoint, type LxcNet } from '@kiln/pve/schemas';
import { BRIDGE_RE, TAG_MESSAGE, TAG_RE, checkStaticAddresses } from './containers';

/**
 * A container's editable settings (the Settings tab): one shape for the form, the server action,
 * the operation's params and the worker. Browser-safe. Both the values the user loaded (`base`) and
 * the ones they saved (`next`) travel with the operation, so the worker sends only what changed and
 * can tell which keys someone else changed meanwhile.
 */

const num = (label: string, min: number, max: number, unit = '') =>
  z
    .number({ message: `${label} must be a number.` })
    .min(min, `${label} must be at least ${min}${unit}.`)
    .max(max, `${label} must be at most ${max}${unit}.`);
const whole = (label: string, min: number, max: number, unit = '') => num(label, min, max, unit).int(`${label} must be a whole number.`);
/** An empty number input is NaN in the form: "not set". */
const optionalNumber = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v), schema.nullable());
const text = z.string().trim();

export const nicSettingsSchema = z
  .object({
    /** The `netN` index. */
    index: z.number().int().min(0).max(31),
    name: text.regex(/^[-_.\w]{1,20}$/, 'Enter an interface name like eth0.'),
    bridge: text.regex(BRIDGE_RE, 'Pick a bridge.'),
    vlan: optionalNumber(whole('The VLAN tag', 1, 4094)),
    /** `pool`: the next free address of `ipv4PoolId`; the server turns it into that static address before queueing. */
    ipv4Mode: z.enum(['dhcp', 'static', 'none', 'pool']),
    ipv4PoolId: text.optional(),
    ipv4Cidr: text.optional(),
    ipv4Gateway: text.optional(),
    ipv6Mode: z.enum(['none', 'auto', 'dhcp', 'static']),
    ipv6Cidr: text.optional(),
    ipv6Gateway: text.optional(),
    firewall: z.boolean(),
    /** MB/s; empty: no limit. */
    rate: optionalNumber(num('The rate limit', 0.01, 100_000, ' MB/s')),
    /** Kept as Proxmox VE has them (the form does not edit them). */
    hwaddr: z.string().optional(),
    mtu: z.number().int().optional(),
    trunks: z.array(z.number().int()).optional(),
    link_down: z.boolean().optional(),
  })
  .superRefine((n, ctx) => {
    checkStaticAddresses(n, ctx);
    if (n.ipv4Mode === 'pool' && !n.ipv4PoolId) ctx.addIssue({ code: 'custom', path: ['ipv4PoolId'], message: 'Choose an IP pool.' });
  });
export type NicSettings = z.infer<typeof nicSettingsSchema>;

/**
 * A mount point (`mpN`). Existing ones keep their volume id and options; a new one is
 * `storage:SIZE_GiB` (Proxmox VE allocates it) or an absolute host path (a bind mount: root only).
 */
export const mountSettingsSchema = z.object({
  index: z.number().int().min(0).max(255),
  volume: text.regex(/^(\/[^,;=\s]*|[a-zA-Z][-\w.]*:[^,;=\s]+)$/, 'Pick a storage and a size, or give a host path like /srv/data.'),
  mp: text.regex(/^\/[^,;=\s]*$/, 'Enter an absolute path inside the container, like /data.'),
  size: z.string().optional(),
  backup: z.boolean().optional(),
  ro: z.boolean().optional(),
  acl: z.boolean().optional(),
  quota: z.boolean().optional(),
  replicate: z.boolean().optional(),
  shared: z.boolean().optional(),
  mountoptions: z.array(z.string().regex(/^[a-z]+$/)).optional(),
});
export type MountSettings = z.infer<typeof mountSettingsSchema>;

export const settingsValuesSchema = z
  .object({
    /** Empty: all the node's cores. */
    cores: optionalNumber(whole('Cores', 1, 8192)),
    /** 0: no limit. */
    cpulimit: num('The CPU limit', 0, 8192),
    memory: whole('Memory', 16, 4_194_304, ' MiB'),
    swap: whole('Swap', 0, 4_194_304, ' MiB'),
    tags: z.array(z.string().regex(TAG_RE, TAG_MESSAGE)).max(64),
    /** Kiln's own tags (`kiln`, the ownership tag that binds the container to its Kiln row): kept, not shown as editable. */
    keptTags: z.array(z.string()).default([]),
    /** Proxmox VE's notes (markdown). */
    description: z.string().max(8192, 'Notes are at most 8192 characters.'),
    onboot: z.boolean(),
    startupOrder: optionalNumber(whole('The start order', 0, 100_000)),
    startupUp: optionalNumber(whole('The delay after start', 0, 100_000, ' s')),
    startupDown: optionalNumber(whole('The shutdown timeout', 0, 100_000, ' s')),
    protection: z.boolean(),
    /** Nesting may be set by an API token on an unprivileged container; keyctl and FUSE need root. */
    features: z.object({ nesting: z.boolean(), keyctl: z.boolean(), fuse: z.boolean() }),
    /** Flags the form does not show (mknod, mount=...): kept. */
    otherFeatures: z.object({ mknod: z.boolean().optional(), force_rw_sys: z.boolean().optional(), mount: z.array(z.string()).optional() }).default({}),
    nets: z.array(nicSettingsSchema).max(32),
    mounts: z.array(mountSettingsSchema).max(256).default([]),
    /** Read-only here (changing it needs a backup and restore): decides which feature flags need root. */
    unprivileged: z.boolean(),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<number>();
    const names = new Set<string>();
    const paths = new Set<string>();
    const mpIndexes = new Set<number>();
    v.mounts.forEach((m, i) => {
      if (paths.has(m.mp)) ctx.addIssue({ code: 'custom', path: ['mounts', i, 'mp'], message: `Another mount point uses ${m.mp}.` });
      if (m.mp === '/') ctx.addIssue({ code: 'custom', path: ['mounts', i, 'mp'], message: 'The root filesystem is already mounted at /.' });
      if (mpIndexes.has(m.index)) ctx.addIssue({ code: 'custom', path: ['mounts', i, 'index'], message: `mp${m.index} is there twice.` });
      paths.add(m.mp);
      mpIndexes.add(m.index);
    });
    v.nets.forEach((n, i) => {
      if (seen.has(n.index)) ctx.addIssue({ code: 'custom', path: ['nets', i, 'index'], message: `net${n.index} is there twice.` });
      if (names.has(n.name)) ctx.addIssue({ code: 'custom', path: ['nets', i, 'name'], message: `Another interface is called ${n.name}.` });
      seen.add(n.index);
      names.add(n.name);
    });
  });
/** Tags Kiln manages itself: `kiln` and the ownership tag `kiln-<row id>`. */
export const isKilnTag = (t: string) => t === 'kiln' || /^kiln-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(t);

export type SettingsValues = z.infer<typeof settingsValuesSchema>;
export type SettingsInput = z.input<typeof settingsValuesSchema>;

export const settingsRequestSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999),
  /** The config digest the form was loaded with: Proxmox VE refuses the change if it moved since. */
  digest: z.string().regex(/^[0-9a-f]{16,128}$/i),
  base: settingsValuesSchema,
  next: settingsValuesSchema,
});

export const resizeRequestSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999),
  disk: z.string().regex(/^(rootfs|mp\d{1,3})$/, 'Not a disk of this container.'),
  sizeGiB: num('The new size', 1, 131_072, ' GiB'),
  digest: z.string().regex(/^[0-9a-f]{16,128}$/i),
});

export const revertPendingSchema = z.object({
  nodeId: z.uuid(),
  vmid: z.coerce.number().int().min(100).max(999_999_999),
  keys: z
    .array(z.string().regex(/^[a-z][a-z0-9_.-]*$/i))
    .min(1)
    .max(200),
});

function netOf(n: NicSettings): LxcNet {
  const ip = n.ipv4Mode === 'dhcp' ? 'dhcp' : n.ipv4Mode === 'static' ? n.ipv4Cidr : undefined;
  const ip6 = n.ipv6Mode === 'static' ? n.ipv6Cidr : n.ipv6Mode === 'none' ? undefined : n.ipv6Mode;
  return {
    name: n.name,
    bridge: n.bridge,
    hwaddr: n.hwaddr,
    ip,
    gw: n.ipv4Mode === 'static' && n.ipv4Gateway ? n.ipv4Gateway : undefined,
    ip6,
    gw6: n.ipv6Mode === 'static' && n.ipv6Gateway ? n.ipv6Gateway : undefined,
    tag: n.vlan ?? undefined,
    trunks: n.trunks,
    firewall: n.firewall || undefined,
    mtu: n.mtu,
    rate: n.rate ?? undefined,
    link_down: n.link_down,
  } as LxcNet;
}

export function startupString(v: Pick<SettingsValues, 'startupOrder' | 'startupUp' | 'startupDown'>): string {
  return buildPropertyString({ order: v.startupOrder ?? undefined, up: v.startupUp ?? undefined, down: v.startupDown ?? undefined });
}

/** The whole form as a `PUT .../config` update (every key it covers; empty ones left out). */
function fullUpdate(v: SettingsValues): LxcConfigUpdate {
  return {
    cores: v.cores ?? undefined,
    cpulimit: v.cpulimit || undefined,
    memory: v.memory,
    swap: v.swap,
    tags: v.tags.length + v.keptTags.length ? [...new Set([...v.keptTags, ...v.tags])] : undefined,
    description: v.description.trim() === '' ? undefined : v.description,
    onboot: v.onboot || undefined,
    startup: startupString(v) || undefined,
    protection: v.protection || undefined,
    features: { ...v.otherFeatures, nesting: v.features.nesting || undefined, keyctl: v.features.keyctl || undefined, fuse: v.features.fuse || undefined },
    net: Object.fromEntries(v.nets.map((n) => [String(n.index), netOf(n)])),
    mp: Object.fromEntries(v.mounts.map(({ index, ...m }) => [String(index), m as LxcMountPoint])),
  };
}

/** `key -> value` as Proxmox VE receives them: what two forms are compared by. */
export function settingsParams(v: SettingsValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(lxcConfigParams(fullUpdate(v)))) {
    if (val === undefined || val === '') continue;
    out[k] = typeof val === 'boolean' ? (val ? '1' : '0') : String(val);
  }
  return out;
}

const ROOT_FLAGS = ['keyctl', 'fuse', 'mknod', 'force_rw_sys'] as const;

export interface SettingsChange {
  /** Keys that differ, in the order PVE lists them. */
  keys: string[];
  /** What the API token sends (`PUT .../config`). */
  set: Record<string, string>;
  delete: string[];
  /**
   * What only root@pam may change, for `pct set` over SSH: feature flags other than nesting (any
   * flag on a privileged container) and bind mounts, as PVE's check_ct_modify_config_perm decides.
   */
  rootOnly: Record<string, string>;
  rootOnlyDelete: string[];
}

/** What saving `next` over `base` changes, split like the wizard's review: API token vs root over SSH. */
export function settingsChange(base: SettingsValues, next: SettingsValues): SettingsChange {
  const a = settingsParams(base);
  const b = settingsParams(next);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]);
  const change: SettingsChange = { keys, set: {}, delete: [], rootOnly: {}, rootOnlyDelete: [] };
  const featuresNeedRoot =
    !next.unprivileged || ROOT_FLAGS.some((f) => !!featureOf(base, f) !== !!featureOf(next, f)) || String(base.otherFeatures.mount ?? []) !== String(next.otherFeatures.mount ?? []);
  const hostPath = (v: SettingsValues, k: string) => v.mounts.some((m) => `mp${m.index}` === k && isHostPathMount(m));
  for (const k of keys) {
    // Bind and device mounts (`mpN: /host/path`) are root@pam's alone, added or removed.
    const root = (k === 'features' && featuresNeedRoot) || hostPath(next, k) || hostPath(base, k);
    const value = b[k];
    if (value === undefined) (root ? change.rootOnlyDelete : change.delete).push(k);
    else (root ? change.rootOnly : change.set)[k] = value;
  }
  return change;
}

function featureOf(v: SettingsValues, f: (typeof ROOT_FLAGS)[number]): boolean | undefined {
  return f === 'keyctl' || f === 'fuse' ? v.features[f] : v.otherFeatures[f];
}

/** The keys of a change with their old and new values, for "someone changed memory (512 → 1024)". */
export function changedKeys(was: SettingsValues, now: SettingsValues): { key: string; was: string | null; now: string | null }[] {
  const a = settingsParams(was);
  const b = settingsParams(now);
  return settingsChange(was, now).keys.map((key) => ({ key, was: a[key] ?? null, now: b[key] ?? null }));
}

/** The part of `next` to send for these keys, typed for `lxcSetConfig` (validated again there). */
export function apiUpdate(next: SettingsValues, keys: readonly string[]): LxcConfigUpdate {
  const full = fullUpdate(next) as Record<string, unknown> & { net: Record<string, LxcNet>; mp: Record<string, LxcMountPoint> };
  const out: Record<string, unknown> = {};
  const indexed: { net: Record<string, LxcNet>; mp: Record<string, LxcMountPoint> } = { net: {}, mp: {} };
  for (const k of keys) {
    const m = /^(net|mp)(\d+)$/.exec(k);
    if (m?.[1] === 'net' || m?.[1] === 'mp') {
      const family = m[1];
      const i = m[2] ?? '';
      const item = full[family][i];
      if (item) (indexed[family] as Record<string, unknown>)[i] = item;
    } else if (full[k] !== undefined) out[k] = full[k];
  }
  for (const family of ['net', 'mp'] as const) if (Object.keys(indexed[family]).length > 0) out[family] = indexed[family];
  return out as LxcConfigUpdate;
}
