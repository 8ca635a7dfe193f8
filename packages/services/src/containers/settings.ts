import type { Db } from '@kiln/db';
import { parsePropertyString, type LxcConfig, type LxcNetConfig } from '@kiln/pve';
import { isKilnTag, type NicSettings, type SettingsValues } from '../schemas/container-settings';
import { nodeForRole } from '../nodes/access';
import { ipPoolChoices, type IpPoolChoice } from '../ippools/service';
import { pveClientForNode } from '../nodes/pve-client';
import { locateExistingContainer, type LocateDeps, type LocatedContainer, type ContainerRef } from './locate';

/** A `netN` as the settings form edits it. `ip=manual` and no address both read as "none". */
function nicOf(index: number, n: LxcNetConfig): NicSettings {
  const v4 = n.ip === 'dhcp' ? 'dhcp' : n.ip && n.ip !== 'manual' ? 'static' : 'none';
  const v6 = n.ip6 === 'dhcp' || n.ip6 === 'auto' ? n.ip6 : n.ip6 && n.ip6 !== 'manual' ? 'static' : 'none';
  return {
    index,
    name: n.name ?? `eth${index}`,
    bridge: n.bridge ?? '',
    vlan: n.tag ?? null,
    ipv4Mode: v4,
    ipv4Cidr: v4 === 'static' ? n.ip : undefined,
    ipv4Gateway: n.gw,
    ipv6Mode: v6,
    ipv6Cidr: v6 === 'static' ? n.ip6 : undefined,
    ipv6Gateway: n.gw6,
    firewall: n.firewall ?? false,
    rate: n.rate ?? null,
    hwaddr: n.hwaddr,
    mtu: n.mtu,
    trunks: n.trunks,
    link_down: n.link_down,
  };
}

const int = (v: string | undefined) => (v === undefined || v === '' || !/^\d+$/.test(v) ? null : Number(v));

/** The config as the Settings form shows it (pending values applied, as `GET .../config` answers). */
export function settingsFromConfig(cfg: LxcConfig): SettingsValues {
  const startup = cfg.startup ? parsePropertyString(cfg.startup, { defaultKey: 'order' }) : {};
  const tags = cfg.tags ?? [];
  return {
    cores: cfg.cores ?? null,
    cpulimit: cfg.cpulimit ?? 0,
    memory: cfg.memory ?? 512,
    swap: cfg.swap ?? 512,
    tags: tags.filter((t) => !isKilnTag(t)),
    keptTags: tags.filter(isKilnTag),
    description: cfg.description ?? '',
    onboot: cfg.onboot,
    startupOrder: int(startup['order']),
    startupUp: int(startup['up']),
    startupDown: int(startup['down']),
    protection: cfg.protection,
    features: { nesting: cfg.features.nesting, keyctl: cfg.features.keyctl, fuse: cfg.features.fuse },
    otherFeatures: {
      mknod: cfg.features.mknod || undefined,
      force_rw_sys: cfg.features.force_rw_sys || undefined,
      mount: cfg.features.mount.length ? cfg.features.mount : undefined,
    },
    nets: Object.entries(cfg.net)
      .map(([i, n]) => nicOf(Number(i), n))
      .sort((a, b) => a.index - b.index),
    mounts: Object.entries(cfg.mp)
      .map(([i, m]) => ({ index: Number(i), ...m, mp: m.mp ?? '' }))
      .sort((a, b) => a.index - b.index),
    unprivileged: cfg.unprivileged,
  };
}

export interface SettingsDisk {
  /** `rootfs` or `mpN`. */
  key: string;
  volume: string;
  /** Path inside the container. */
  mp: string;
  /** As Proxmox VE writes it (`8G`). */
  size: string | undefined;
  sizeGiB: number | null;
  /** Bind and device mounts have no size and cannot be resized. */
  resizable: boolean;
  backup: boolean | undefined;
  ro: boolean | undefined;
}

export interface PendingRow {
  key: string;
  current: string | null;
  pending: string | null;
  /** Proxmox VE removes this key at the next restart. */
  delete: boolean;
}

export interface NodeBridge {
  iface: string;
  vlanAware: boolean;
  active: boolean;
  comments?: string;
}

export interface ContainerSettingsView {
  digest: string;
  status: string;
  pveNode: string;
  values: SettingsValues;
  disks: SettingsDisk[];
  /** `unusedN`: volumes detached from the container (a removed mount point's), still holding their data. */
  unused: { key: string; volume: string }[];
  /** Keys whose new value waits for a restart (or that PVE removes then). */
  pending: PendingRow[];
  bridges: NodeBridge[];
  /** Storages of the node that can hold a new mount point's volume, most free first. */
  storages: { storage: string; avail: number | null }[];
  /** Root-only changes (`pct set` over SSH) are possible: Kiln has working SSH to the container's node. */
  sshReady: boolean;
  /** The user's IP pools: a NIC may take the next free address of one on its bridge. */
  pools: IpPoolChoice[];
}

const SIZE_UNITS: Record<string, number> = { K: 1 / 1024 / 1024, M: 1 / 1024, G: 1, T: 1024 };

/** `8G`, `512M`, `1.5T` in GiB. */
export function sizeInGiB(size: string | undefined): number | null {
  const m = size ? /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(size) : null;
  if (!m?.[1]) return null;
  return Number(m[1]) * (SIZE_UNITS[m[2] ?? 'G'] ?? 1);
}

export function disksOf(cfg: LxcConfig): SettingsDisk[] {
  const out: SettingsDisk[] = [];
  const add = (key: string, d: LxcConfig['rootfs']) => {
    if (!d) return;
    const bind = d.volume.startsWith('/');
    out.push({ key, volume: d.volume, mp: key === 'rootfs' ? '/' : (d.mp ?? ''), size: d.size, sizeGiB: sizeInGiB(d.size), resizable: !bind, backup: d.backup, ro: d.ro });
  };
  add('rootfs', cfg.rootfs);
  for (const [i, mp] of Object.entries(cfg.mp).sort(([a], [b]) => Number(a) - Number(b))) add(`mp${i}`, mp);
  return out;
}

/** The node's Linux and OVS bridges (what a container's NIC can attach to), VLAN-aware ones marked. */
export async function bridgesOf(pve: LocatedContainer['pve'], pveNode: string): Promise<NodeBridge[]> {
  const list = await pve.networks(pveNode, { type: 'any_bridge' });
  return list
    .map((n) => ({ iface: n.iface, vlanAware: n.bridge_vlan_aware, active: n.active, comments: n.comments?.trim() || undefined }))
    .sort((a, b) => a.iface.localeCompare(b.iface, undefined, { numeric: true }));
}

/** Bridges of a registered node, for the creation wizard's network step (operators: they create there). */
export async function nodeBridges(db: Db, userId: string, nodeId: string): Promise<NodeBridge[]> {
  const { node } = await nodeForRole(db, userId, nodeId, 'operator');
  return bridgesOf(pveClientForNode(node), node.pveNodeName ?? '');
}

/** Whether the registered node that holds the container has working SSH (root-only changes need it). */
export async function sshReadyFor(db: Db, loc: Pick<LocatedContainer, 'node' | 'pveNode' | 'clusterNodeIds'>): Promise<boolean> {
  if (loc.node.pveNodeName === loc.pveNode) return loc.node.sshState === 'ok';
  return (await db.node.count({ where: { id: { in: loc.clusterNodeIds }, pveNodeName: loc.pveNode, sshState: 'ok' } })) > 0;
}

const display = (v: string | undefined) => (v === undefined ? null : v);

/**
 * The Settings tab: the config the user edits (its digest goes back with the change), disks,
 * what Proxmox VE keeps pending until a restart, and the node's bridges. Viewers may read it;
 * the change itself needs operator (requestSettingsChange checks again).
 */
export async function containerSettings(deps: LocateDeps, userId: string, ref: ContainerRef, opts: { timeoutMs?: number } = {}): Promise<ContainerSettingsView> {
  const loc = await locateExistingContainer(deps, userId, ref, { need: 'viewer', timeoutMs: opts.timeoutMs });
  const ctl = { timeoutMs: opts.timeoutMs ?? 10_000 };
  const [cfg, pending, bridges, storages, sshReady, pools] = await Promise.all([
    loc.pve.lxcConfig(loc.pveNode, ref.vmid, ctl),
    loc.pve.lxcPending(loc.pveNode, ref.vmid, ctl),
    bridgesOf(loc.pve, loc.pveNode).catch(() => []),
    loc.pve
      .storages(loc.pveNode, { content: 'rootdir', enabled: true }, ctl)
      .then((list) => list.map((x) => ({ storage: x.storage, avail: x.avail ?? null })).sort((a, b) => (b.avail ?? 0) - (a.avail ?? 0)))
      .catch(() => []),
    sshReadyFor(deps.db, loc),
    ipPoolChoices(deps.db, userId),
  ]);
  return {
    digest: cfg.digest,
    status: loc.guest.status,
    pveNode: loc.pveNode,
    values: settingsFromConfig(cfg),
    disks: disksOf(cfg),
    unused: Object.entries(cfg.unused)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([i, volume]) => ({ key: `unused${i}`, volume })),
    pending: pending.filter((p) => p.pending !== undefined || p.delete !== undefined).map((p) => ({ key: p.key, current: display(p.value), pending: display(p.pending), delete: (p.delete ?? 0) > 0 })),
    bridges,
    storages,
    sshReady,
    pools,
  };
}
