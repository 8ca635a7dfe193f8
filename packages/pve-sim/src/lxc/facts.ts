import { parseSize } from '../schema/formats';
import { containerLoad, diskUsed, meanRates, measuredCpu } from '../state/load-model';
import type { ContainerRecord, NodeRecord } from '../state/types';

/** Values PVE derives from a container's config (`PVE::LXC::vmstatus`). */
export interface ContainerFacts {
  name: string;
  cpus: number;
  maxmem: number;
  maxswap: number;
  maxdisk: number;
  template: boolean;
}

export function containerFacts(ct: ContainerRecord, node: NodeRecord | undefined): ContainerFacts {
  const c = ct.config;
  const rootSize = /(?:^|,)size=([^,]+)/.exec(c['rootfs'] ?? '')?.[1];
  return {
    name: (c['hostname'] || `CT${ct.vmid}`).replace(/\s/g, ''),
    cpus: Number(c['cores'] || c['cpulimit'] || 0) || node?.cpus || 1,
    maxmem: Number(c['memory'] || 512) * 1024 * 1024,
    maxswap: Number(c['swap'] ?? 0) * 1024 * 1024,
    maxdisk: (rootSize ? parseSize(rootSize) : undefined) ?? 4 * 1024 ** 3,
    template: c['template'] === '1',
  };
}

export interface LiveStats {
  cpu: number;
  mem: number;
  swap: number;
  disk: number;
  uptime: number;
  netin: number;
  netout: number;
  diskread: number;
  diskwrite: number;
  pressure: number;
}

/** What the container looks like at `nowMs` (zeros when stopped, as `vmstatus` reports). */
export function liveStats(
  ct: Pick<ContainerRecord, 'vmid' | 'status' | 'startedAt' | 'swapShare'>,
  facts: Pick<ContainerFacts, 'maxmem' | 'maxdisk'> & Partial<Pick<ContainerFacts, 'maxswap'>>,
  nowMs: number,
): LiveStats {
  if (ct.status !== 'running' || ct.startedAt === undefined) {
    return { cpu: 0, mem: 0, swap: 0, disk: 0, uptime: 0, netin: 0, netout: 0, diskread: 0, diskwrite: 0, pressure: 0 };
  }
  const uptime = Math.max(0, Math.floor((nowMs - ct.startedAt) / 1000));
  const load = containerLoad(ct.vmid, nowMs / 1000, facts.maxmem);
  const mean = meanRates(ct.vmid);
  return {
    cpu: measuredCpu(ct.vmid, load.cpu, nowMs / 1000),
    mem: load.mem,
    swap: Math.round((facts.maxswap ?? 0) * Math.min(1, Math.max(0, ct.swapShare ?? 0))),
    disk: diskUsed(ct.vmid, facts.maxdisk),
    uptime,
    netin: Math.round(mean.netin * uptime),
    netout: Math.round(mean.netout * uptime),
    diskread: Math.round(mean.diskread * uptime + 40_000_000),
    diskwrite: Math.round(mean.diskwrite * uptime + 8_000_000),
    pressure: load.pressure,
  };
}
