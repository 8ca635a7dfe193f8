import { readAddresses } from '../inventory/addresses';
import { pveReason } from './errors';
import type { LocatedContainer } from './locate';
import { pveBudget } from './budget';

/** What the VM page's overview shows: the poll's figures, refined by one live status question. */
export interface VmOverview {
  status: string;
  /** QEMU's own state: `paused` while suspended (PVE's `status` stays `running`). */
  qmpstatus?: string;
  lock?: string;
  uptime?: number;
  cpu?: number;
  cpus?: number;
  mem?: number;
  maxmem?: number;
  maxdisk?: number;
  netin?: number;
  netout?: number;
  tags: string[];
  /** The guest agent is enabled in the VM's config (addresses come from it). */
  agent?: boolean;
  /** Addresses the guest agent reported (not loopback or link-local), IPv4 first. */
  ips: string[];
  /** Why a running VM shows no address: `agent not running`, `no guest agent`... */
  ipNote?: string;
  live: boolean;
  cachedAt: number | null;
  error?: string;
}

/**
 * A located VM's overview. The status comes live (paused or not is not in the poll); addresses
 * come from the poller's snapshot, or from the guest agent when the poll has none yet.
 */
export async function vmOverview(loc: LocatedContainer & { pveNode: string; guest: NonNullable<LocatedContainer['guest']> }, opts: { timeoutMs: number }): Promise<VmOverview> {
  const g = loc.guest;
  const base: VmOverview = {
    status: g.status,
    lock: g.lock,
    uptime: g.uptime,
    cpu: g.cpu,
    cpus: g.maxcpu,
    mem: g.mem,
    maxmem: g.maxmem,
    maxdisk: g.maxdisk,
    netin: g.netin,
    netout: g.netout,
    tags: g.tags,
    ips: g.ips ?? [],
    ipNote: g.ipNote,
    live: false,
    cachedAt: loc.cachedAt,
  };
  const budget = pveBudget(opts.timeoutMs);
  try {
    const s = await loc.pve.qemuStatus(loc.pveNode, g.vmid, budget());
    Object.assign(base, {
      status: s.status,
      qmpstatus: s.qmpstatus,
      lock: s.lock,
      uptime: s.uptime,
      cpu: s.cpu,
      cpus: s.cpus,
      mem: s.mem,
      maxmem: s.maxmem,
      maxdisk: s.maxdisk,
      tags: s.tags,
      agent: s.agent,
      live: true,
      cachedAt: null,
    });
  } catch (e) {
    base.error = pveReason(e) ?? 'Proxmox VE did not answer.';
  }
  if (base.status === 'running' && g.ipsAt === undefined) Object.assign(base, { ipNote: undefined }, await readAddresses(loc.pve, { node: loc.pveNode, vmid: g.vmid, type: 'qemu' }));
  if (base.status !== 'running') Object.assign(base, { ips: [], ipNote: undefined });
  return base;
}
