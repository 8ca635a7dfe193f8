import { permError, pveDie } from '../http/errors';
import { parseVolumeId } from '../schema/formats';
import type { Sim } from '../sim';
import { assertPoolExists } from '../state/pools';
import { parseConfigPropertyString, parseFeatures, parseMountPoint } from './config-schema';

/** `PVE::LXC::NEW_DISK_RE`: `[storage:]size` asks for a new volume of that many GiB. */
export const NEW_DISK_RE = /^(?:([^/:\s]+):)?(\d+(?:\.\d+)?)$/;

/**
 * `PVE::LXC::check_ct_modify_config_perm`: which privilege each changed option needs, and the
 * options only `root@pam` may touch (API tokens never are `root@pam`, not even root's own).
 */
export function checkCtModifyConfigPerm(
  sim: Sim,
  authid: string,
  vmid: number,
  oldconf: Readonly<Record<string, string>> | undefined,
  newconf: Readonly<Record<string, string>>,
  deletes: readonly string[],
  unprivileged: boolean,
): void {
  if (authid === 'root@pam') return;
  const acl = sim.acl;
  const vmPerm = (priv: string): void => {
    acl.check(authid, `/vms/${vmid}`, [priv]);
  };

  const check = (opt: string, isDelete: boolean): void => {
    if (opt === 'cores' || opt === 'cpuunits' || opt === 'cpulimit') {
      vmPerm('VM.Config.CPU');
    } else if (opt === 'rootfs' || /^mp\d+$/.test(opt)) {
      vmPerm('VM.Config.Disk');
      if (isDelete) return;
      const mp = parseMountPoint(opt, newconf[opt] ?? '');
      if (mp.type !== 'volume') throw permError(`mount point type ${mp.type} is only allowed for root@pam`);
      const fresh = NEW_DISK_RE.exec(mp.volume);
      if (fresh) {
        if (fresh[1]) acl.check(authid, `/storage/${fresh[1]}`, ['Datastore.AllocateSpace']);
      } else {
        checkVolumeAccess(sim, authid, vmid, mp.volume);
      }
    } else if (opt === 'memory' || opt === 'swap') {
      vmPerm('VM.Config.Memory');
    } else if (/^net\d+$/.test(opt)) {
      vmPerm('VM.Config.Network');
      if (oldconf?.[opt]) checkBridgeAccess(sim, authid, opt, oldconf[opt] ?? '');
      if (newconf[opt]) checkBridgeAccess(sim, authid, opt, newconf[opt] ?? '');
    } else if (/^dev\d+$/.test(opt)) {
      throw permError('configuring device passthrough is only allowed for root@pam');
    } else if (opt === 'nameserver' || opt === 'searchdomain' || opt === 'hostname') {
      vmPerm('VM.Config.Network');
    } else if (opt === 'features') {
      checkFeatures(sim, authid, vmid, oldconf, newconf, isDelete, unprivileged);
    } else if (opt === 'hookscript') {
      throw permError('changing the hookscript is only allowed for root@pam');
    } else {
      // tags: with the default `user-tag-access` (free) this is the plain options check
      vmPerm('VM.Config.Options');
    }
  };

  for (const opt of Object.keys(newconf)) check(opt, false);
  for (const opt of deletes) check(opt, true);
}

function checkFeatures(
  sim: Sim,
  authid: string,
  vmid: number,
  oldconf: Readonly<Record<string, string>> | undefined,
  newconf: Readonly<Record<string, string>>,
  isDelete: boolean,
  unprivileged: boolean,
): void {
  if (!unprivileged) throw permError('changing feature flags for privileged container is only allowed for root@pam');
  let nestingChanged = false;
  let otherChanged = false;
  const classify = (features: Record<string, string>): void => {
    const keys = Object.keys(features);
    if (keys.length === 1 && features['nesting'] && features['nesting'] !== '0') nestingChanged = true;
    else if (keys.length > 0) otherChanged = true;
  };
  if (!isDelete) {
    const features = parseFeatures(newconf['features']);
    if (oldconf?.['features']) {
      const old = parseFeatures(oldconf['features']);
      for (const key of new Set([...Object.keys(old), ...Object.keys(features)])) {
        if ((old[key] ?? '') === (features[key] ?? '')) continue;
        if (key === 'nesting') {
          nestingChanged = true;
        } else {
          otherChanged = true;
          break;
        }
      }
    } else {
      classify(features);
    }
  } else {
    classify(parseFeatures(oldconf?.['features']));
  }
  if (otherChanged) throw permError('changing feature flags (except nesting) is only allowed for root@pam');
  if (nestingChanged) sim.acl.check(authid, `/vms/${vmid}`, ['VM.Allocate']);
}

/** `check_bridge_access` -> `check_vnet_access`: bridges of the `localnetwork` zone need `SDN.Use`. */
function checkBridgeAccess(sim: Sim, authid: string, key: string, raw: string): void {
  const net = parseConfigPropertyString(key, raw);
  const bridge = net['bridge'];
  if (!bridge) return;
  const base = `/sdn/zones/localnetwork/${bridge}`;
  if (net['tag']) sim.acl.check(authid, `${base}/${net['tag']}`, ['SDN.Use']);
  if (net['trunks'] || !net['tag']) sim.acl.check(authid, base, ['SDN.Use']);
}

/** `PVE::Storage::check_volume_access` for a volume a container should use. */
export function checkVolumeAccess(sim: Sim, authid: string, vmid: number, volid: string, contentType?: string): void {
  if (authid === 'root@pam') return;
  const parsed = parseVolumeId(volid);
  if (!parsed) throw pveDie('Only root can pass arbitrary filesystem paths.');
  const owner = /^(?:vztmpl\/.*|vm-(\d+)-.*)$/.exec(parsed.volname);
  const vtype = parsed.volname.startsWith('vztmpl/') ? 'vztmpl' : parsed.volname.startsWith('iso/') ? 'iso' : 'rootdir';
  if (contentType && vtype !== contentType) throw pveDie(`unable to use volume ${volid} - content type needs to be '${contentType}'`);
  if (vtype === 'vztmpl' || vtype === 'iso') {
    sim.acl.check(authid, `/storage/${parsed.storage}`, ['Datastore.AllocateSpace', 'Datastore.Audit'], { any: true });
  } else if (owner?.[1] !== String(vmid)) {
    sim.acl.check(authid, `/storage/${parsed.storage}`, ['Datastore.Allocate']);
  }
}

/** `create_vm`'s `pool`: it must exist and the caller may add to it (`check_perm_modify`). */
export function checkTargetPool(sim: Sim, authid: string, params: Readonly<Record<string, string>>): string | undefined {
  const pool = params['pool'];
  if (pool === undefined) return undefined;
  assertPoolExists(sim.state, pool);
  sim.acl.check(authid, `/pool/${pool}`, ['Pool.Allocate']);
  return pool;
}

/** `create_vm`: VM.Allocate on the new guest, or on the pool it goes to. */
export function mayAllocateGuest(sim: Sim, authid: string, vmid: number, pool: string | undefined): boolean {
  if (sim.acl.check(authid, `/vms/${vmid}`, ['VM.Allocate'], { noerr: true })) return true;
  return pool !== undefined && sim.acl.check(authid, `/pool/${pool}`, ['VM.Allocate'], { noerr: true });
}
