import type { ClusterResource } from '@kiln/pve';

/** One guest row as cached: only what the tables and the dashboard show. */
export interface GuestRow {
  vmid: number;
  type: 'lxc' | 'qemu';
  name: string;
  node: string;
  status: string;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  /** Swap in use and allowed (bytes): `/cluster/resources` has none, the poller reads them from `/nodes/{node}/lxc`. */
  swap?: number;
  maxswap?: number;
  uptime?: number;
  netin?: number;
  netout?: number;
  tags: string[];
  template: boolean;
  lock?: string;
  /** Addresses of a running guest (IPv4 first), see addresses.ts. */
  ips?: string[];
  /** Why a running guest shows none: `agent not running`, `no guest agent`... */
  ipNote?: string;
  /** When they were read (ms epoch); carried over while the guest keeps running. */
  ipsAt?: number;
}

export interface NodeRow {
  node: string;
  status: string;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  uptime?: number;
}

/** One storage on one node (a shared storage is listed once per node, like PVE does). */
export interface StorageRow {
  storage: string;
  node: string;
  status: string;
  shared: boolean;
  disk?: number;
  maxdisk?: number;
}

/** What the poller caches per cluster: the last good answer, and the last error if any. */
export interface ClusterSnapshot {
  clusterKey: string;
  /** Last successful poll (ms epoch); null before the first one. */
  fetchedAt: number | null;
  attemptedAt: number;
  error?: string;
  viaNodeId?: string;
  guests: GuestRow[];
  nodes: NodeRow[];
  /** Absent in snapshots cached before storages were kept. */
  storages?: StorageRow[];
  /** When the containers' swap figures were last read (readSwap: once a minute, not every poll). */
  swapReadAt?: number;
}

type GuestResource = Extract<ClusterResource, { type: 'lxc' | 'qemu' }>;

/**
 * Whether a container's name is only a stand-in: PVE lists a brand-new container without a name
 * until pvestatd broadcasts it (guestRowOf then says `CT 104`; PVE's own form is `CT104`).
 */
export function isUnnamedContainer(name: string | undefined, vmid: number): boolean {
  return !name || name === `CT${vmid}` || name === `CT ${vmid}`;
}

/** A guest of `/cluster/resources` as the snapshot keeps it (a missing name reads `CT 104` / `VM 104`). */
export function guestRowOf(r: GuestResource): GuestRow {
  return {
    vmid: r.vmid,
    type: r.type,
    name: r.name ?? `${r.type === 'lxc' ? 'CT' : 'VM'} ${r.vmid}`,
    node: r.node,
    status: r.status,
    cpu: r.cpu,
    maxcpu: r.maxcpu,
    mem: r.mem,
    maxmem: r.maxmem,
    disk: r.disk,
    maxdisk: r.maxdisk,
    uptime: r.uptime,
    netin: r.netin,
    netout: r.netout,
    tags: r.tags ?? [],
    template: r.template ?? false,
    lock: r.lock,
  };
}

export function snapshotFromResources(clusterKey: string, resources: ClusterResource[], viaNodeId: string, now = Date.now()): ClusterSnapshot {
  const guests: GuestRow[] = [];
  const nodes: NodeRow[] = [];
  const storages: StorageRow[] = [];
  for (const r of resources) {
    if (r.type === 'lxc' || r.type === 'qemu') {
      guests.push(guestRowOf(r));
    } else if (r.type === 'node') {
      nodes.push({ node: r.node, status: r.status ?? 'unknown', cpu: r.cpu, maxcpu: r.maxcpu, mem: r.mem, maxmem: r.maxmem, disk: r.disk, maxdisk: r.maxdisk, uptime: r.uptime });
    } else if (r.type === 'storage') {
      storages.push({ storage: r.storage, node: r.node, status: r.status, shared: r.shared, disk: r.disk, maxdisk: r.maxdisk });
    }
  }
  guests.sort((a, b) => a.vmid - b.vmid);
  nodes.sort((a, b) => a.node.localeCompare(b.node));
  storages.sort((a, b) => a.node.localeCompare(b.node) || a.storage.localeCompare(b.storage));
  return { clusterKey, fetchedAt: now, attemptedAt: now, viaNodeId, guests, nodes, storages };
}
