import { pveDie } from '../http/errors';
import { splitList } from '../schema/formats';
import { assertNotLocked, type Sim } from '../sim';
import { applyConfigChanges } from './apply-config';
import { containerDigest } from './snapshot';
import { checkCtModifyConfigPerm } from './perms';

const NOT_CONFIG = new Set(['node', 'vmid', 'digest', 'delete', 'revert']);

/**
 * `update_vm` (`PUT .../config`): lock and digest checks, per-option permissions, then the
 * changes. Applied at once - the simulator keeps no pending section.
 */
export async function updateContainerConfig(sim: Sim, authid: string, nodeName: string, vmid: number, params: Readonly<Record<string, string>>): Promise<void> {
  const node = sim.proxyNode(nodeName);
  const changes: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (!NOT_CONFIG.has(k)) changes[k] = v;
  const deletes = splitList(params['delete'] ?? '');
  if (Object.keys(changes).length === 0 && deletes.length === 0 && params['revert'] === undefined) throw pveDie('no options specified');
  for (const opt of deletes) {
    if (changes[opt] !== undefined) throw pveDie(`you can't change and delete the same option ('${opt}') at the same time`);
  }

  await sim.waitConfigLock(vmid);
  const ct = sim.loadConfig(node.name, vmid);
  assertNotLocked(ct);
  const digest = params['digest'];
  if (digest !== undefined && digest !== containerDigest(ct)) {
    throw pveDie('detected modified configuration - file changed by other user? Try again.');
  }
  checkCtModifyConfigPerm(sim, authid, vmid, ct.config, changes, deletes, ct.config['unprivileged'] === '1');
  const conf = { ...ct.config };
  applyConfigChanges({ sim, vmid, node: node.name, creating: false, allocated: [] }, conf, changes, deletes);
  ct.config = conf;
  sim.markDirty();
}
