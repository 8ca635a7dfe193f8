import { volumeFile } from '../api/volumes';
import { parseConfigFile } from '../lxc/restore';
import { randomMac } from '../lxc/config-schema';
import { checkTargetPool, mayAllocateGuest } from '../lxc/perms';
import { permError, pveDie } from '../http/errors';
import { parseSize, parseVolumeId } from '../schema/formats';
import type { Sim } from '../sim';
import { addGuestToPool } from '../state/pools';
import { requireStorage } from '../state/storage';
import type { TaskRecord, VmRecord } from '../state/types';
import { startVmNow } from './power';
import { vmDrives } from './snapshot';
import { readVmaConfig } from './vzdump';

/**
 * `POST /nodes/{node}/qemu` with `archive` (qemu-server's `create_vm` in restore mode): a `qmrestore`
 * worker. Over an existing VM only with `force`, only while it is stopped and unprotected; its
 * disks are replaced by new ones on `storage` (or the backed-up ones' storages), `unique` gives
 * every NIC a new MAC. Creating a VM without an archive is out of the simulator's scope.
 */
export function restoreVm(sim: Sim, authid: string, nodeName: string, params: Readonly<Record<string, string>>): TaskRecord {
  const node = sim.proxyNode(nodeName);
  const vmid = Number(params['vmid']);
  const archive = params['archive'];
  if (archive === undefined) throw pveDie('creating a VM without a backup archive is not implemented in the Kiln simulator');
  const emsg = `unable to restore VM ${vmid} -`;
  const force = params['force'] === '1';
  const existing = sim.vm(vmid);
  const sameExists = existing !== undefined && existing.node === node.name;
  const pool = checkTargetPool(sim, authid, params);
  // VM.Allocate, or (restore over an existing VM) VM.Backup is enough
  if (!mayAllocateGuest(sim, authid, vmid, pool) && !(sameExists && sim.acl.check(authid, `/vms/${vmid}`, ['VM.Backup'], { noerr: true }))) throw permError();
  const vol = parseVolumeId(archive);
  if (!vol) throw pveDie('Only root can pass arbitrary filesystem paths.');
  // check_volume_access for a backup: space on its storage and VM.Backup on the guest it belongs to
  sim.acl.check(authid, `/storage/${vol.storage}`, ['Datastore.AllocateSpace']);
  const owner = /^backup\/vzdump-(?:qemu|lxc)-(\d+)-/.exec(vol.volname)?.[1];
  if (owner) sim.acl.check(authid, `/vms/${owner}`, ['VM.Backup']);
  const storage = params['storage'];
  if (storage !== undefined) {
    if (!requireStorage(storage).content.includes('images')) throw pveDie(`storage '${storage}' does not support vm images`);
    sim.acl.check(authid, `/storage/${storage}`, ['Datastore.AllocateSpace']);
  }
  const found = sim.storage.findVolume(node.name, archive);
  if (!found || found.volume.content !== 'backup') throw pveDie(`volume '${archive}' does not exist`);
  if (!/\.vma(\.(zst|gz|lzo))?$/.test(vol.volname)) throw pveDie(`${emsg} '${archive}' is not a VMA archive`);
  // create_and_lock_config: `force` allows an existing config on this node only
  const ct = sim.container(vmid);
  if (ct) throw pveDie(`${emsg} CT ${vmid} already exists on node '${ct.node}'`);
  if (existing && !(sameExists && force)) throw pveDie(`${emsg} VM ${vmid} already exists on node '${existing.node}'`);
  if (sameExists) {
    if (existing.config['lock']) throw pveDie(`${emsg} VM is locked (${existing.config['lock']})`);
    if (existing.config['protection'] === '1') throw pveDie(`${emsg} protection mode enabled`);
    if (existing.status === 'running') throw pveDie(`${emsg} vm is running`);
  }

  const previous = sameExists ? existing : undefined;
  const oldDisks = previous ? vmDrives(previous.config).map((d) => d.volid) : [];
  if (previous) previous.config = { ...previous.config, lock: 'create' };
  else {
    sim.state.vms ??= {};
    sim.state.vms[String(vmid)] = { vmid, node: node.name, config: { lock: 'create' }, status: 'stopped', createdAt: Date.now(), runs: [], agentRunning: false, agentInterfaces: [] };
  }
  sim.markDirty();
  const allocated: string[] = [];
  const file = volumeFile(sim, node.name, vol.storage, vol.volname);
  const task = sim.tasks.start({
    node,
    type: 'qmrestore',
    id: String(vmid),
    user: authid,
    durationMs: sim.settings.createTaskMs,
    commit: async (log) => {
      const zcat = file.endsWith('.zst') ? 'zstd -q -d -c' : file.endsWith('.gz') ? 'zcat' : 'cat';
      log(`restore vma archive: ${zcat} ${file} | vma extract -v -r /var/tmp/vzdumptmp${task.pid}.fifo - /var/tmp/vzdumptmp${task.pid}`);
      const backedUp = parseConfigFile(await readVmaConfig(file));
      log(`CFG: size: ${Object.keys(backedUp).length * 24} name: qemu-server.conf`);
      for (const volid of oldDisks) {
        if (sim.storage.freeVolume(node.name, volid)) log(`  Logical volume "${volid.split(':')[1] ?? volid}" successfully removed.`);
      }
      const conf: Record<string, string> = {};
      let total = 0;
      for (const [k, v] of Object.entries(backedUp)) {
        if (k === 'parent' || k === 'lock' || /^unused\d+$/.test(k)) continue;
        conf[k] = v;
      }
      for (const d of vmDrives(backedUp)) {
        const opts = (backedUp[d.key] ?? '').split(',').slice(1);
        const size = parseSize(/(?:^|,)size=([^,]+)/.exec(backedUp[d.key] ?? '')?.[1] ?? '0') ?? 0;
        total += size;
        const target = storage ?? d.volid.split(':')[0] ?? 'local-lvm';
        log(`DEV: dev_id=${allocated.length + 1} size: ${size} devname: drive-${d.key}`);
        const volid = sim.storage.allocDisk(node.name, target, vmid, size, 'images');
        allocated.push(volid);
        log(`  Logical volume "${volid.split(':')[1] ?? volid}" created.`);
        log(`new volume ID is '${volid}'`);
        log(`map 'drive-${d.key}' to '/dev/pve/${volid.split(':')[1] ?? volid}' (write zeros = 0)`);
        conf[d.key] = [volid, ...opts].join(',');
      }
      log(`progress 100% (read ${total} bytes, duration 1 sec)`);
      log(`total bytes read ${total}, sparse bytes ${Math.round(total * 0.9)} (90%)`);
      log('rescan volumes...');
      if (params['unique'] === '1') {
        for (const key of Object.keys(conf).filter((k) => /^net\d+$/.test(k))) {
          conf[key] = (conf[key] ?? '').replace(/^(\w+)=([0-9A-Fa-f:]{17})/, (_all, model: string) => `${model}=${randomMac()}`);
        }
      }
      const vm: VmRecord | undefined = sim.vm(vmid);
      if (!vm) throw new Error(`${emsg} config vanished`);
      vm.config = conf;
      delete vm.snapshots;
      const mac = /^\w+=([0-9A-Fa-f:]{17})/.exec(conf['net0'] ?? '')?.[1];
      // the guest's own addresses come back with it; a new VMID starts without any known
      if (!previous) {
        vm.agentRunning = conf['agent'] !== undefined && conf['agent'] !== '0';
        vm.agentInterfaces = mac ? [{ name: 'ens18', mac, addresses: [] }] : [];
      } else if (mac && vm.agentInterfaces[0]) vm.agentInterfaces[0].mac = mac;
      if (pool !== undefined) addGuestToPool(sim.state, pool, vmid);
      if (params['start'] === '1') startVmNow(sim, vm);
      sim.markDirty();
    },
    rollback: () => {
      for (const volid of allocated) sim.storage.freeVolume(node.name, volid);
      const vm = sim.vm(vmid);
      // a failed restore leaves an existing VM locked, a new one disappears
      if (vm && !previous && vm.config['lock'] === 'create') delete sim.state.vms?.[String(vmid)];
      sim.markDirty();
    },
  });
  sim.holdConfigLock(vmid, sim.tasks.wait(task));
  return task;
}
