import { pveDie } from '../http/errors';
import { splitList } from '../schema/formats';
import { assertNotLocked, type Sim } from '../sim';
import { applyConfigChanges } from './apply-config';
import { containerDigest } from './snapshot';
import { configWithPendingApplied, revertPending, splitRunningChanges } from './pending';
import { checkCtModifyConfigPerm } from './perms';

const NOT_CONFIG = new Set(['node', 'vmid', 'digest', 'delete', 'revert']);

/**
 * `update_vm` (`PUT .../config`): lock and digest checks, per-option permissions, then the
 * changes: at once on a stopped container, partly pending on a running one (see `pending.ts`).
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
  const reverts = splitList(params['revert'] ?? '');
  for (const opt of reverts) {
    if (changes[opt] !== undefined || deletes.includes(opt)) throw pveDie(`you can't change and revert the same option ('${opt}') at the same time`);
  }
  revertPending(ct, reverts);
  // changes build on what is pending already, as `update_pct_config` writes into the pending section
  const before = ct.status === 'running' ? configWithPendingApplied(ct) : { ...ct.config };
  const conf = { ...before };
  applyConfigChanges({ sim, vmid, node: node.name, creating: false, allocated: [] }, conf, changes, deletes);
  if (ct.status === 'running') {
    splitRunningChanges(ct, conf);
  } else {
    ct.config = conf;
  }
  sim.markDirty();
}
