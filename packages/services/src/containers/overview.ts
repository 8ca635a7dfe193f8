import type { LxcConfig, LxcInterface, LxcStatus } from '@kiln/pve';
import { pveReason } from './errors';
import type { LocatedContainer } from './locate';
import { pveBudget } from './budget';

/** What the container page's overview shows. Only display values: no config digest, no raw keys. */
export interface ContainerOverview {
  status: string;
  lock?: string;
  uptime?: number;
  cpu?: number;
  cpus?: number;
  mem?: number;
  maxmem?: number;
  swap?: number;
  maxswap?: number;
  disk?: number;
  maxdisk?: number;
  netin?: number;
  netout?: number;
  tags: string[];
  hostname?: string;
  ostype?: string;
  arch?: string;
  cores?: number;
  memoryMiB?: number;
  swapMiB?: number;
  unprivileged?: boolean;
  onboot?: boolean;
  protection?: boolean;
  features: string[];
  rootfs?: { volume: string; size?: string };
  networks: { name: string; bridge?: string; ip?: string; ip6?: string; gw?: string; tag?: number; firewall?: boolean; hwaddr?: string }[];
  /** IPv4/IPv6 addresses the running container reports (not the loopback). */
  addresses: string[];
  description?: string;
  /** Live answer from Proxmox VE (false: the poller's cache, with its age). */
  live: boolean;
  cachedAt: number | null;
  /** Why live data is missing, when PVE did not answer. */
  error?: string;
}

function featureList(cfg: LxcConfig): string[] {
  const f = cfg.features;
  return [f.nesting && 'nesting', f.keyctl && 'keyctl', f.fuse && 'fuse', f.mknod && 'mknod', ...f.mount.map((m) => `mount=${m}`)].filter((x): x is string => typeof x === 'string');
}

/** Loopback and link-local addresses are no use to someone looking for the container. */
const useful = (a: string) => !a.startsWith('127.') && a !== '::1' && !/^fe80:/i.test(a);

function addressesOf(ifaces: LxcInterface[]): string[] {
  const out = new Set<string>();
  for (const i of ifaces) {
    if (i.name === 'lo') continue;
    const candidates = [...i.addresses.map((a) => a.address), i.inet, i.inet6].map((a) => a?.split('/')[0]);
    for (const a of candidates) if (a && useful(a)) out.add(a);
  }
  return [...out];
}

/** Status, config and addresses from PVE in parallel; falls back to the cached row when PVE does not answer. */
export async function containerOverview(loc: LocatedContainer, opts: { timeoutMs?: number } = {}): Promise<ContainerOverview> {
  const g = loc.guest;
  const base: ContainerOverview = {
    status: g?.status ?? 'unknown',
    lock: g?.lock,
    uptime: g?.uptime,
    cpu: g?.cpu,
    cpus: g?.maxcpu,
    mem: g?.mem,
    maxmem: g?.maxmem,
    disk: g?.disk,
    maxdisk: g?.maxdisk,
    netin: g?.netin,
    netout: g?.netout,
    tags: g?.tags ?? [],
    features: [],
    networks: [],
    addresses: [],
    live: false,
    cachedAt: loc.cachedAt,
  };
  if (!loc.pveNode || !g) return base;
  const node = loc.pveNode;
  // One budget for all calls: a hung node must not hold the page for the sum of their timeouts.
  const ctl = pveBudget(opts.timeoutMs ?? 8_000);
  const [st, cfg] = await Promise.allSettled([loc.pve.lxcStatus(node, loc.ref.vmid, ctl()), loc.pve.lxcConfig(node, loc.ref.vmid, ctl())]);
  const status: LxcStatus | undefined = st.status === 'fulfilled' ? st.value : undefined;
  const config: LxcConfig | undefined = cfg.status === 'fulfilled' ? cfg.value : undefined;
  let ifaces: LxcInterface[] = [];
  if (status?.status === 'running') ifaces = await loc.pve.lxcInterfaces(node, loc.ref.vmid, ctl()).catch(() => []);
  const out: ContainerOverview = { ...base, live: !!status };
  if (status) {
    Object.assign(out, {
      status: status.status,
      lock: status.lock ?? config?.lock,
      uptime: status.uptime,
      cpu: status.cpu,
      cpus: status.cpus,
      mem: status.mem,
      maxmem: status.maxmem,
      swap: status.swap,
      maxswap: status.maxswap,
      disk: status.disk,
      maxdisk: status.maxdisk,
      netin: status.netin,
      netout: status.netout,
      tags: status.tags,
    });
  } else {
    out.error = pveReason(st.status === 'rejected' ? st.reason : undefined) ?? 'Proxmox VE did not answer.';
  }
  if (config) {
    Object.assign(out, {
      hostname: config.hostname,
      ostype: config.ostype,
      arch: config.arch,
      cores: config.cores,
      memoryMiB: config.memory,
      swapMiB: config.swap,
      unprivileged: config.unprivileged,
      onboot: config.onboot,
      protection: config.protection,
      features: featureList(config),
      rootfs: config.rootfs ? { volume: config.rootfs.volume, size: config.rootfs.size } : undefined,
      networks: Object.entries(config.net).map(([i, n]) => ({ name: n.name ?? `net${i}`, bridge: n.bridge, ip: n.ip, ip6: n.ip6, gw: n.gw, tag: n.tag, firewall: n.firewall, hwaddr: n.hwaddr })),
      description: config.description?.slice(0, 2000),
    });
    if (!status) out.tags = config.tags;
  }
  out.addresses = addressesOf(ifaces);
  return out;
}
