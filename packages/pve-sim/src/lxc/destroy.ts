import { pveDie } from '../http/errors';
import { assertNotLocked, type Sim } from '../sim';
import { removeGuestFromPools } from '../state/pools';
import type { TaskRecord } from '../state/types';
import type { ContainerRecord } from '../state/types';
import { parseConfigPropertyString, parseMountPoint } from './config-schema';
import { stopContainerNow } from './power';
import { dropSnapshots } from './snapshot';

/** Volume ids a container owns (rootfs, volume mount points, unused disks). */
export function ownedVolumes(ct: ContainerRecord): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(ct.config)) {
    if (key === 'rootfs' || /^mp\d+$/.test(key)) {
      const mp = parseMountPoint(key, value);
      if (mp.type === 'volume') out.push(mp.volume);
    } else if (/^unused\d+$/.test(key)) {
      out.push(parseConfigPropertyString(key, value)['volume'] ?? value);
    }
  }
  return out;
}

function earlyChecks(ct: ContainerRecord): void {
  if (ct.config['protection'] === '1') throw pveDie(`can't remove CT ${ct.vmid} - protection mode enabled`);
  assertNotLocked(ct);
}

/** `destroy_vm`: refuses locked, protected and (without `force`) running containers. */
export function destroyContainer(sim: Sim, authid: string, nodeName: string, vmid: number, params: Readonly<Record<string, string>>): TaskRecord {
  const node = sim.proxyNode(nodeName);
  const ct = sim.loadConfig(node.name, vmid);
  earlyChecks(ct);
  const force = params['force'] === '1';
  const runningMsg = `unable to destroy CT ${vmid} - container is running`;
  if (!force && ct.status === 'running') throw pveDie(runningMsg);

  const volumes = ownedVolumes(ct);
  if (params['destroy-unreferenced-disks'] === '1') {
    for (const [sid, list] of Object.entries(sim.state.volumes[node.name] ?? {})) {
      // `vdisk_list`: disk images only; the guest's backups stay (a restore needs them after a destroy)
      for (const v of list) if (v.vmid === vmid && (v.content === 'rootdir' || v.content === 'images') && !volumes.includes(`${sid}:${v.volname}`)) volumes.push(`${sid}:${v.volname}`);
    }
  }
  const lines = volumes.map((volid) => `  Logical volume "${volid.split(':')[1] ?? volid}" successfully removed.`);
  if (params['purge'] === '1') lines.push(`purging CT ${vmid} from related configurations..`);

  const task = sim.tasks.start({
    node,
    type: 'vzdestroy',
    id: String(vmid),
    user: authid,
    durationMs: sim.settings.taskMs,
    lines: force && ct.status === 'running' ? [`forced to stop CT ${vmid} before destroying!`, ...lines] : lines,
    commit: async () => {
      const current = sim.loadConfig(node.name, vmid);
      earlyChecks(current);
      if (current.status === 'running') {
        if (!force) throw new Error(runningMsg);
        stopContainerNow(sim, current);
      }
      for (const volid of volumes) sim.storage.freeVolume(node.name, volid);
      delete sim.state.containers[String(vmid)];
      // `remove_vm_access` on purge; otherwise the pool keeps the id but no longer shows the guest
      if (params['purge'] === '1') removeGuestFromPools(sim.state, vmid);
      sim.markDirty();
      await sim.sandbox.destroyRootfs(sim.rootDir(vmid));
      await dropSnapshots(sim, vmid);
    },
  });
  sim.holdConfigLock(vmid, sim.tasks.wait(task));
  return task;
}
