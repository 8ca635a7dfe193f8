import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { volumeFile } from '../api/volumes';
import { paramError, permError, pveDie } from '../http/errors';
import { parseSize, parseVolumeId } from '../schema/formats';
import type { Sim } from '../sim';
import { addGuestToPool } from '../state/pools';
import { requireStorage } from '../state/storage';
import type { TaskRecord } from '../state/types';
import { applyConfigChanges, type ApplyContext } from './apply-config';
import { NON_CONFIG_PARAMS } from './create-params';
import { parseConfigPropertyString, parseMountPoint, printConfigPropertyString, randomMac } from './config-schema';
import { checkCtModifyConfigPerm, checkTargetPool, mayAllocateGuest } from './perms';
import { ownedVolumes } from './destroy';
import { dropSnapshots } from './snapshot';

const run = promisify(execFile);

/** `PVE::Tools::decode_text`: `%XX` escapes back to bytes (a lone `%` stays), read as UTF-8. */
function decodeText(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = /^%([0-9a-f]{2})/i.exec(text.slice(i, i + 3));
    if (hex?.[1]) {
      bytes.push(parseInt(hex[1], 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The config file format back to keys (`#` lines are the description, `%XX`-encoded). */
export function parseConfigFile(text: string): Record<string, string> {
  const conf: Record<string, string> = {};
  const desc: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('[')) break; // snapshot or pending sections: vzdump writes none
    if (line.startsWith('#')) {
      desc.push(decodeText(line.slice(1)));
      continue;
    }
    const m = /^([a-z][a-z0-9_-]*):\s*(.*)$/.exec(line);
    if (m?.[1]) conf[m[1]] = m[2] ?? '';
  }
  if (desc.length > 0) conf['description'] = desc.join('\n');
  return conf;
}

/**
 * `create_vm` with `restore=1`: the archive (`ostemplate`) is a vzdump backup. Over an existing CT
 * only with `force` and only while it is stopped; then its disks are replaced. The worker extracts
 * the archive into a fresh root filesystem and merges the backed-up config with the given options.
 */
export function restoreContainer(sim: Sim, authid: string, nodeName: string, params: Readonly<Record<string, string>>): TaskRecord {
  const node = sim.proxyNode(nodeName);
  const vmid = Number(params['vmid']);
  const force = params['force'] === '1';
  const existing = sim.container(vmid);
  const sameExists = existing !== undefined && existing.node === node.name;
  if (!(sameExists && force)) {
    sim.assertVmidUnused(vmid);
  } else {
    if (existing.status === 'running') throw pveDie("can't overwrite running container");
    if (existing.config['protection'] === '1') throw pveDie(`unable to restore CT ${vmid} - protection mode enabled`);
  }
  const archive = params['ostemplate'] ?? '';
  const vol = parseVolumeId(archive);
  if (!vol) throw pveDie('Only root can pass arbitrary filesystem paths.');
  const pool = checkTargetPool(sim, authid, params);
  const canAllocate = mayAllocateGuest(sim, authid, vmid, pool);
  if (!canAllocate && !(force && sameExists && sim.acl.check(authid, `/vms/${vmid}`, ['VM.Backup'], { noerr: true }))) throw permError();
  // check_volume_access for a backup: space on its storage and VM.Backup on the guest it belongs to
  const owner = /^backup\/vzdump-lxc-(\d+)-/.exec(vol.volname)?.[1];
  sim.acl.check(authid, `/storage/${vol.storage}`, ['Datastore.AllocateSpace']);
  if (owner) sim.acl.check(authid, `/vms/${owner}`, ['VM.Backup']);
  const found = sim.storage.findVolume(node.name, archive);
  if (!found || found.volume.content !== 'backup') throw pveDie(`volume '${archive}' does not exist`);
  const storage = params['storage'] ?? 'local';

  const unique = params['unique'] === '1';
  const overrides: Record<string, string> = {};
  const givenDisks: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (NON_CONFIG_PARAMS.has(k)) continue;
    // rootfs/mpN: a bare size means "on the default storage"
    if (k === 'rootfs' || /^mp\d+$/.test(k)) givenDisks[k] = /^\d+(\.\d+)?$/.test(v) ? `${storage}:${v}` : v;
    else if (!/^unused\d+$/.test(k)) overrides[k] = v; // PVE warns and ignores unused volumes
  }
  // Given mount points replace the backed-up ones altogether (PVE leaves "storage only mode").
  const storageOnly = Object.keys(givenDisks).length === 0;
  if (!storageOnly && givenDisks['rootfs'] === undefined) throw pveDie("mount points configured, but 'rootfs' not set - aborting");
  checkCtModifyConfigPerm(sim, authid, vmid, undefined, { ...overrides, ...givenDisks }, [], true);
  if (storageOnly) {
    // the default storage takes the backed-up disks
    if (!requireStorage(storage).content.includes('rootdir')) throw paramError({ storage: `storage '${storage}' does not support container directories` });
    sim.acl.check(authid, `/storage/${storage}`, ['Datastore.AllocateSpace']);
  }
  for (const [key, value] of Object.entries(givenDisks)) {
    const sid = /^([^:]+):/.exec(parseMountPoint(key, value).volume)?.[1];
    if (sid && !requireStorage(sid).content.includes('rootdir')) throw paramError({ storage: `storage '${sid}' does not support container directories` });
  }

  const archiveFile = volumeFile(sim, node.name, vol.storage, vol.volname);
  const oldVolumes = sameExists ? ownedVolumes(existing) : [];
  // create_and_lock_config: the VMID is held with `lock: create` from now on
  const previous = sameExists ? existing : undefined;
  if (previous) previous.config = { ...previous.config, lock: 'create' };
  else sim.state.containers[String(vmid)] = { vmid, node: node.name, config: { lock: 'create' }, status: 'stopped', createdAt: Date.now(), runs: [], leases: {} };
  sim.markDirty();

  const ctx: ApplyContext = { sim, vmid, node: node.name, creating: true, allocated: [] };
  const rootDir = sim.rootDir(vmid);
  const task = sim.tasks.start({
    node,
    type: 'vzrestore',
    id: String(vmid),
    user: authid,
    durationMs: sim.settings.createTaskMs,
    lines: [`recovering backed-up configuration from '${archive}'`],
    commit: async (log) => {
      for (const volid of oldVolumes) {
        sim.storage.freeVolume(node.name, volid);
        log(`  Logical volume "${volid.split(':')[1] ?? volid}" successfully removed.`);
      }
      await sim.sandbox.destroyRootfs(rootDir);
      await dropSnapshots(sim, vmid);
      await mkdir(rootDir, { recursive: true });
      log(`restoring '${archive}' now..`);
      log(`extracting archive '/var/lib/vz/dump/${vol.volname.replace(/^backup\//, '')}'`);
      await run('tar', ['-xpf', archiveFile, '--numeric-owner', '-C', rootDir], { maxBuffer: 1 << 20 });
      const confFile = join(rootDir, 'etc', 'vzdump', 'pct.conf');
      const backedUp = parseConfigFile(await readFile(confFile, 'utf8'));
      await rm(join(rootDir, 'etc', 'vzdump'), { recursive: true, force: true });
      log(`Total bytes read: ${found.volume.size} (${(found.volume.size / 1024 / 1024).toFixed(0)}MiB)`);
      log('merging backed-up and given configuration..');

      const conf: Record<string, string> = {};
      const disks: Record<string, string> = {};
      for (const [k, v] of Object.entries(backedUp)) {
        if (k === 'rootfs' || /^mp\d+$/.test(k)) {
          if (!storageOnly) continue;
          const mp = parseMountPoint(k, v);
          if (mp.type !== 'volume') continue; // bind mounts are not in the archive
          const size = parseSize(mp.options['size'] ?? '4G') ?? 4 * 1024 ** 3;
          const { volume: _v, ...opts } = mp.options;
          disks[k] = Object.entries({ volume: `${storage}:${Number((size / 1024 ** 3).toFixed(3))}`, ...opts })
            .map(([a, b]) => (a === 'volume' ? b : `${a}=${b}`))
            .join(',');
        } else if (/^net\d+$/.test(k) && unique && overrides[k] === undefined) {
          // restore_configuration with `unique`: every backed-up NIC gets a new random MAC
          conf[k] = printConfigPropertyString(k, { ...parseConfigPropertyString(k, v), hwaddr: randomMac() });
        } else if (!/^unused\d+$/.test(k) && k !== 'parent' && k !== 'lock') {
          conf[k] = v;
        }
      }
      Object.assign(conf, overrides);
      Object.assign(disks, givenDisks);
      const restored: Record<string, string> = {};
      applyConfigChanges(ctx, restored, conf, []);
      applyConfigChanges(ctx, restored, disks, []);
      for (const volid of ctx.allocated) log(`  Logical volume "${volid.split(':')[1] ?? volid}" created.`);
      const ct = sim.container(vmid);
      if (!ct) throw new Error(`unable to restore CT ${vmid} - config vanished`);
      ct.config = restored;
      delete ct.snapshots;
      delete ct.pending;
      delete ct.pendingDelete;
      ct.rootfsReady = true;
      if (pool !== undefined) addGuestToPool(sim.state, pool, vmid);
      sim.markDirty();
    },
    rollback: async () => {
      for (const volid of ctx.allocated) sim.storage.freeVolume(node.name, volid);
      const ct = sim.container(vmid);
      // a failed restore leaves an existing container locked, a new one disappears
      if (ct && !previous && ct.config['lock'] === 'create') delete sim.state.containers[String(vmid)];
      sim.markDirty();
    },
  });
  sim.holdConfigLock(vmid, sim.tasks.wait(task));
  return task;
}
