import { randomUUID } from 'node:crypto';
import { paramError, permError, pveDie } from '../http/errors';
import { parseVolumeId } from '../schema/formats';
import type { Sim } from '../sim';
import { addGuestToPool } from '../state/pools';
import { requireStorage } from '../state/storage';
import type { TaskRecord } from '../state/types';
import { applyConfigChanges, type ApplyContext } from './apply-config';
import { NON_CONFIG_PARAMS } from './create-params';
import { detectOsType, parseMountPoint } from './config-schema';
import { checkCtModifyConfigPerm, checkTargetPool, checkVolumeAccess, mayAllocateGuest } from './perms';
import { startContainerNow } from './power';
import { restoreContainer } from './restore';

/**
 * `create_vm` of pve-container's API: synchronous checks (in PVE's order), then a `vzcreate`
 * worker that allocates the disks, extracts the template and writes the final config.
 */
export function createContainer(sim: Sim, authid: string, nodeName: string, params: Readonly<Record<string, string>>): TaskRecord {
  const node = sim.proxyNode(nodeName);
  const vmid = Number(params['vmid']);
  if (params['restore'] === '1') return restoreContainer(sim, authid, nodeName, params);

  const unprivileged = params['unprivileged'] !== '0';
  if (!unprivileged) sim.acl.check(authid, '/', ['Sys.Modify']);
  sim.assertVmidUnused(vmid);
  const pool = checkTargetPool(sim, authid, params);
  if (!mayAllocateGuest(sim, authid, vmid, pool)) throw permError();

  const ostemplate = params['ostemplate'] ?? '';
  const storage = params['storage'] ?? 'local';
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (!NON_CONFIG_PARAMS.has(k)) config[k] = v;
  checkCtModifyConfigPerm(sim, authid, vmid, undefined, config, [], unprivileged);

  if (ostemplate === '-') throw pveDie('pipe requires cli environment');
  const tmpl = parseVolumeId(ostemplate);
  if (tmpl) requireStorage(tmpl.storage);
  checkVolumeAccess(sim, authid, vmid, ostemplate, 'vztmpl');

  // rootfs/mpN: a bare size means "on the default storage"
  const disks: Record<string, string> = {};
  for (const key of Object.keys(config)) {
    if (key === 'rootfs' || /^mp\d+$/.test(key)) {
      const value = config[key] ?? '';
      disks[key] = /^\d+(\.\d+)?$/.test(value) ? `${storage}:${value}` : value;
      delete config[key];
    } else if (/^unused\d+$/.test(key)) {
      delete config[key]; // PVE warns and ignores unused volumes on create
    }
  }
  if (Object.keys(disks).length > 0 && disks['rootfs'] === undefined) throw pveDie("mount points configured, but 'rootfs' not set - aborting");
  disks['rootfs'] ??= `${storage}:4`;
  for (const [key, value] of Object.entries(disks)) {
    const mp = parseMountPoint(key, value);
    if (mp.type !== 'volume') {
      if (authid !== 'root@pam') throw pveDie('Only root can pass arbitrary filesystem paths.');
      continue;
    }
    const sid = /^([^:]+):/.exec(mp.volume)?.[1] ?? storage;
    const def = requireStorage(sid);
    if (!def.content.includes('rootdir')) throw paramError({ storage: `storage '${sid}' does not support container directories` });
    sim.acl.check(authid, `/storage/${sid}`, ['Datastore.AllocateSpace']);
  }

  const ctx: ApplyContext = { sim, vmid, node: node.name, creating: true, allocated: [] };
  const conf: Record<string, string> = {};
  applyConfigChanges(ctx, conf, config, []);
  if (unprivileged) conf['unprivileged'] = '1';

  // create_and_lock_config: the VMID is taken from now on, visible with `lock: create`
  sim.state.containers[String(vmid)] = { vmid, node: node.name, config: { lock: 'create' }, status: 'stopped', createdAt: Date.now(), runs: [], leases: {} };
  sim.markDirty();
  applyConfigChanges(ctx, conf, disks, []);

  const rootDir = sim.rootDir(vmid);
  const hostname = conf['hostname'] || `CT${vmid}`;
  const templatePath = tmpl ? `/var/lib/vz/template/cache/${tmpl.volname.replace(/^vztmpl\//, '')}` : ostemplate;
  const rootVol = parseMountPoint('rootfs', conf['rootfs'] ?? '').volume;
  const task = sim.tasks.start({
    node,
    type: 'vzcreate',
    id: String(vmid),
    user: authid,
    durationMs: sim.settings.createTaskMs,
    lines: [
      `  Logical volume "${rootVol.split(':')[1] ?? rootVol}" created.`,
      'Creating filesystem with 2097152 4k blocks and 524288 inodes',
      `Filesystem UUID: ${randomUUID()}`,
      'Writing superblocks and filesystem accounting information: done',
      '',
      `extracting archive '${templatePath}'`,
      'Total bytes read: 521912320 (498MiB, 226MiB/s)',
      'Detected container architecture: amd64',
      "Creating SSH host key 'ssh_host_ed25519_key' - this may take some time ...",
      `done: SHA256:${randomUUID().replace(/-/g, '').slice(0, 43)} root@${hostname}`,
    ],
    commit: async (log) => {
      try {
        if (tmpl && !sim.storage.findVolume(node.name, ostemplate)) throw new Error(`volume '${ostemplate}' does not exist`);
        await sim.sandbox.createRootfs(rootDir, { hostname, ostemplate });
      } catch (err) {
        throw new Error(`unable to create CT ${vmid} - ${err instanceof Error ? err.message.replace(/\n$/, '') : String(err)}`, { cause: err });
      }
      const ct = sim.container(vmid);
      if (!ct) throw new Error(`unable to create CT ${vmid} - config vanished`);
      ct.config = {
        arch: conf['arch'] ?? 'amd64',
        ostype: conf['ostype'] ?? detectOsType(ostemplate),
        ...conf,
        hostname,
        memory: conf['memory'] ?? '512',
        swap: conf['swap'] ?? '512',
      };
      if (pool !== undefined) addGuestToPool(sim.state, pool, vmid);
      sim.markDirty();
      if (params['start'] === '1') {
        log(`starting CT ${vmid}`);
        startContainerNow(sim, ct);
        await sim.sandbox.started({ vmid, rootDir, hostname });
      }
    },
    rollback: async () => {
      for (const volid of ctx.allocated) sim.storage.freeVolume(node.name, volid);
      const ct = sim.container(vmid);
      if (ct && ct.config['lock'] === 'create') delete sim.state.containers[String(vmid)];
      sim.markDirty();
      await sim.sandbox.destroyRootfs(rootDir);
    },
  });
  // The worker holds the config flock for the whole creation.
  sim.holdConfigLock(vmid, sim.tasks.wait(task));
  return task;
}
