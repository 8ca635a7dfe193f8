import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pveDie } from '../http/errors';
import type { Sim } from '../sim';
import { requireStorage, type StorageDef } from '../state/storage';
import type { NodeRecord, VolumeRecord } from '../state/types';
import { parseVolname, realVolumeId, type ParsedVolume } from '../state/volumes';
import { removeBackupFiles } from '../lxc/vzdump';
import { intParam, type Route } from './types';

interface Target {
  node: NodeRecord;
  def: StorageDef;
  volid: string;
  volname: string;
  parsed: ParsedVolume;
}

/** `$real_volume_id`, then `parse_volname` (both die before any permission check, as in PVE). */
function target(sim: Sim, params: Readonly<Record<string, string>>): Target {
  const node = sim.proxyNode(params['node'] ?? '');
  const { volid, storage, volname } = realVolumeId(params['storage'] ?? '', params['volume'] ?? '');
  const def = requireStorage(storage);
  return { node, def, volid, volname, parsed: parseVolname(def, volname) };
}

/** Where an uploaded file's bytes live in the data dir (volumes from the seed or tasks have none). */
export function volumeFile(sim: Sim, node: string, storage: string, volname: string): string {
  // backups live in the storage's `dump/` directory (`backup/` is only the volume name's prefix)
  return join(sim.settings.dataDir, 'storage', node, storage, volname.replace(/^backup\//, 'dump/'));
}

/** `PVE::Storage::check_volume_access` for a token (never `root@pam` itself). */
function checkVolumeAccess(sim: Sim, authid: string, t: Target): void {
  const { vtype, ownervm } = t.parsed;
  const storagePath = `/storage/${t.def.id}`;
  if (vtype === 'iso' || vtype === 'vztmpl' || vtype === 'import') {
    sim.acl.check(authid, storagePath, ['Datastore.AllocateSpace', 'Datastore.Audit'], { any: true });
  } else if (vtype === 'backup' && ownervm !== undefined) {
    sim.acl.check(authid, storagePath, ['Datastore.AllocateSpace']);
    sim.acl.check(authid, `/vms/${ownervm}`, ['VM.Backup']);
  } else if ((vtype === 'images' || vtype === 'rootdir') && ownervm !== undefined) {
    sim.acl.check(authid, storagePath, ['Datastore.Audit']);
    sim.acl.check(authid, `/vms/${ownervm}`, ['VM.Config.Disk']);
  } else {
    sim.acl.check(authid, storagePath, ['Datastore.Allocate']);
  }
}

function find(sim: Sim, t: Target): VolumeRecord | undefined {
  return sim.storage.volumes(t.node.name, t.def.id).find((v) => v.volname === t.volname);
}

/** `volume_size_info`: LVM asks `lvs` (used 0), files go through `qemu-img info` (allocated blocks). */
function info(sim: Sim, t: Target): Record<string, unknown> {
  const vol = find(sim, t);
  if (!vol) {
    if (t.def.type === 'lvmthin') {
      const cmd = `/sbin/lvs --separator : --noheadings --unbuffered --units b --nosuffix --options lv_size ${t.parsed.path}`;
      throw pveDie(`can't get size of '${t.parsed.path}': command '${cmd}' failed: exit code 5`);
    }
    throw pveDie(`volume_size_info on '${t.volid}' failed - no format`);
  }
  const used = t.def.type === 'lvmthin' ? 0 : Math.ceil(vol.size / 4096) * 4096;
  const entry: Record<string, unknown> = { path: t.parsed.path, size: vol.size, used, format: t.parsed.format };
  // the dir plugin keeps notes and protection for backups only (no notes file reads as '')
  if (t.parsed.vtype === 'backup') Object.assign(entry, { notes: vol.notes ?? '', protected: vol.protected ? 1 : 0 });
  return entry;
}

/** The `imgdel` worker: `vdisk_free`, which only warns when a file is already gone. */
function deleteTask(sim: Sim, authid: string, t: Target): string {
  const id = t.parsed.ownervm !== undefined ? `${t.parsed.ownervm}@${t.def.id}` : t.def.id;
  const task = sim.tasks.start({
    node: t.node,
    type: 'imgdel',
    id,
    user: authid,
    durationMs: Math.min(300, sim.settings.taskMs),
    commit: async (log) => {
      const vol = find(sim, t);
      if (!vol && t.def.type === 'lvmthin') {
        const lv = `pve/${t.volname}`;
        throw new Error(`lvremove '${lv}' error:   Failed to find logical volume "${lv}"`);
      }
      let warnings = 0;
      if (vol?.protected) throw new Error(`cannot remove protected volume '${t.volid}' on storage '${t.def.id}'`);
      if (vol) {
        sim.storage.freeVolume(t.node.name, t.volid);
        if (t.parsed.vtype === 'backup') await removeBackupFiles(sim, t.node.name, t.def.id, t.volname);
        else await rm(volumeFile(sim, t.node.name, t.def.id, t.volname), { force: true });
        if (t.def.type === 'lvmthin') log(`  Logical volume "${t.volname}" successfully removed.`);
      } else {
        log(`WARN: disk image '${t.parsed.path}' does not exist`);
        warnings++;
      }
      log(`Removed volume '${t.volid}'`);
      return warnings;
    },
  });
  return task.upid;
}

export function volumeRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/nodes/{node}/storage/{storage}/content/{volume}',
      handle: ({ sim, authid, params }) => {
        const t = target(sim, params);
        checkVolumeAccess(sim, authid, t);
        return info(sim, t);
      },
    },
    {
      method: 'DELETE',
      path: '/nodes/{node}/storage/{storage}/content/{volume}',
      handle: async ({ sim, authid, params }) => {
        const t = target(sim, params);
        if (t.parsed.vtype === 'backup' && t.parsed.ownervm !== undefined) {
          sim.acl.check(authid, `/storage/${t.def.id}`, ['Datastore.AllocateSpace']);
          sim.acl.check(authid, `/vms/${t.parsed.ownervm}`, ['VM.Backup']);
        } else {
          sim.acl.check(authid, `/storage/${t.def.id}`, ['Datastore.Allocate']);
        }
        const upid = deleteTask(sim, authid, t);
        const delay = intParam(params, 'delay');
        if (!delay) return upid;
        // `delay`: wait for the worker that long; null when it ended well, its error otherwise
        const task = sim.tasks.find(upid);
        if (!task) return upid;
        const ended = await Promise.race([sim.tasks.wait(task), sleep(delay * 1000).then(() => undefined)]);
        if (!ended) return upid;
        const status = ended.exitstatus ?? '';
        if (status === 'OK' || status.startsWith('WARNINGS: ')) return null;
        throw pveDie(status);
      },
    },
  ];
}
