import { applyConfigChanges } from '../lxc/apply-config';
import type { Sim } from '../sim';
import { unit } from './hash';
import { assignLeases, leasedAddresses } from './network';
import type { ContainerRecord } from './types';

const ROLES = ['web', 'db', 'cache', 'worker', 'proxy', 'ci', 'dns', 'mail', 'git', 'monitor', 'queue', 'search'];
const TAGS = ['prod', 'staging', 'dev', 'backend', 'frontend', 'infra'];
const DAY = 86_400_000;

/**
 * Fills a new data dir with `perNode` containers per node that look like they have been around
 * for a while: history in the RRD, most of them running, a few stopped.
 */
export function seedContainers(sim: Sim, perNode: number, now: number): void {
  let vmid = 100;
  const created: ContainerRecord[] = [];
  for (const node of sim.state.nodes) {
    for (let i = 0; i < perNode; i++, vmid++) {
      while (sim.container(vmid)) vmid++;
      const u = (k: string): number => unit(vmid, 'seed', k);
      const role = ROLES[Math.floor(u('role') * ROLES.length)] ?? 'app';
      const createdAt = Math.max(node.bootTime - 30 * DAY, now - Math.round((1 + 60 * u('age')) * DAY));
      // the filesystem tree comes later, on first use (Sim.ensureRootfs)
      const ct: ContainerRecord = { vmid, node: node.name, config: {}, status: 'stopped', createdAt, firstSampleAt: createdAt + 10_000, runs: [], leases: {}, rootfsReady: false };
      sim.state.containers[String(vmid)] = ct;
      const tags = TAGS.filter((_t, k) => u(`tag${k}`) < 0.25).join(';');
      const changes: Record<string, string> = {
        arch: 'amd64',
        ostype: u('os') < 0.7 ? 'debian' : 'ubuntu',
        hostname: `${role}-${String(i + 1).padStart(2, '0')}`,
        cores: String([1, 1, 2, 2, 4][Math.floor(u('cores') * 5)] ?? 1),
        memory: String([512, 1024, 2048, 4096][Math.floor(u('mem') * 4)] ?? 512),
        swap: '512',
        net0: 'name=eth0,bridge=vmbr0,firewall=1,ip=dhcp,ip6=auto',
        rootfs: `local-lvm:${[4, 8, 8, 16, 32][Math.floor(u('disk') * 5)] ?? 8}`,
        unprivileged: '1',
        onboot: u('onboot') < 0.5 ? '1' : '0',
        ...(tags ? { tags } : {}),
        ...(u('nesting') < 0.6 ? { features: 'nesting=1' } : {}),
      };
      applyConfigChanges({ sim, vmid, node: node.name, creating: true, allocated: [] }, ct.config, changes, []);
      if (u('running') < 0.75) {
        const startedAt = Math.max(createdAt + 60_000, node.bootTime + 90_000);
        ct.runs.push([startedAt, null]);
        ct.status = 'running';
        ct.startedAt = startedAt;
        ct.pid = 100_000 + Math.floor(u('pid') * 3_000_000);
      } else {
        const stoppedAt = now - Math.round((0.2 + 3 * u('stopped')) * DAY);
        if (stoppedAt > createdAt + 60_000) ct.runs.push([createdAt + 60_000, stoppedAt]);
      }
      created.push(ct);
    }
  }
  // one set of taken addresses for all: leasing container by container is quadratic
  const taken = leasedAddresses(sim.containers());
  for (const ct of created) if (ct.status === 'running') assignLeases(ct, taken, sim.settings.subnetOctet);
  sim.broadcast(now);
  sim.markDirty();
}
