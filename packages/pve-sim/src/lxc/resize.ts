import { pveDie } from '../http/errors';
import { parseSize } from '../schema/formats';
import { assertNotLocked, type Sim } from '../sim';
import type { ContainerRecord, TaskRecord } from '../state/types';
import { formatSize } from './apply-config';
import { parseMountPoint, printConfigPropertyString } from './config-schema';
import { containerDigest } from './snapshot';

/**
 * `PUT .../resize` (`resize_vm` in pve-container): grow-only, `+` for a relative size, checked
 * before the `resize` worker forks and again inside it under the config lock.
 */
export function resizeContainerDisk(sim: Sim, authid: string, nodeName: string, vmid: number, params: Readonly<Record<string, string>>): TaskRecord {
  const node = sim.proxyNode(nodeName);
  const disk = params['disk'] ?? '';
  const sizestr = params['size'] ?? '';
  const ext = sizestr.startsWith('+');
  const requested = parseSize(ext ? sizestr.slice(1) : sizestr);
  if (requested === undefined) throw pveDie('invalid size string');

  const loadAndCheck = (): { ct: ContainerRecord; volid: string; size: number; newsize: number } => {
    const ct = sim.loadConfig(node.name, vmid);
    assertNotLocked(ct);
    const digest = params['digest'];
    if (digest !== undefined && digest !== containerDigest(ct)) throw pveDie('detected modified configuration - file changed by other user? Try again.');
    const raw = ct.config[disk];
    if (!raw) throw pveDie(`disk '${disk}' does not exist`);
    const mp = parseMountPoint(disk, raw);
    if (mp.type !== 'volume') throw pveDie(`cannot resize volume type '${mp.type}'`);
    const found = sim.storage.findVolume(node.name, mp.volume);
    const size = found?.volume.size ?? parseSize(mp.options['size'] ?? '');
    if (size === undefined) throw pveDie(`unable to get current size of disk '${disk}' (${mp.volume})`);
    const newsize = Math.floor(ext ? size + requested : requested);
    if (newsize < size) throw pveDie('unable to shrink disk size');
    if (newsize === size) throw pveDie('disk is already at specified size');
    return { ct, volid: mp.volume, size, newsize };
  };
  loadAndCheck();

  return sim.tasks.start({
    node,
    type: 'resize',
    id: String(vmid),
    user: authid,
    durationMs: sim.settings.taskMs,
    commit: (log) => {
      const { ct, volid, size, newsize } = loadAndCheck();
      const found = sim.storage.findVolume(node.name, volid);
      if (found) found.volume.size = newsize;
      const mp = parseMountPoint(disk, ct.config[disk] ?? '');
      ct.config[disk] = printConfigPropertyString(disk, { ...mp.options, size: formatSize(newsize) });
      const lv = volid.split(':')[1] ?? volid;
      log(`  Size of logical volume pve/${lv} changed from ${humanSize(size)} to ${humanSize(newsize)}.`);
      log(`  Logical volume pve/${lv} successfully resized.`);
      log(`resize2fs 1.47.2 (1-Jan-2025)`);
      log(`The filesystem on /dev/pve/${lv} is now ${Math.floor(newsize / 4096)} (4k) blocks long.`);
      sim.markDirty();
    },
  });
}

/** LVM's size display (`4.00 GiB`). */
function humanSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)} ${units[i]}`;
}
