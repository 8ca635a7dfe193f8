import { permError } from '../http/errors';
import type { PersistedState, PoolRecord } from './types';

/**
 * Resource pools as `user.cfg` keeps them. Members are ids only: a destroyed guest stays listed
 * (and invisible) until it is purged, as in PVE.
 */
export function poolMap(state: PersistedState): Record<string, PoolRecord> {
  state.pools ??= {};
  return state.pools;
}

export function findPool(state: PersistedState, poolid: string): PoolRecord | undefined {
  return poolMap(state)[poolid];
}

/** `$usercfg->{vms}->{$vmid}`: the pool a guest belongs to. */
export function poolOf(state: PersistedState, vmid: number): string | undefined {
  for (const [id, pool] of Object.entries(poolMap(state))) if (pool.vms.includes(vmid)) return id;
  return undefined;
}

/** The pool holding the guest of `/vms/<vmid>` or the storage of `/storage/<id>`, for ACLs. */
export function poolOfPath(state: PersistedState, path: string): string | undefined {
  const m = /^\/(vms|storage)\/([^/]+)$/.exec(path);
  if (!m?.[2]) return undefined;
  if (m[1] === 'vms') return poolOf(state, Number(m[2]));
  const sid = m[2];
  for (const [id, pool] of Object.entries(state.pools ?? {})) if (pool.storage.includes(sid)) return id;
  return undefined;
}

/** `check_pool_exist`: a permission error, not a 500, in PVE. */
export function assertPoolExists(state: PersistedState, poolid: string): void {
  if (!findPool(state, poolid)) throw permError(`pool '${poolid}' does not exist`);
}

/** `add_vm_to_pool`: moves the guest out of any other pool first. */
export function addGuestToPool(state: PersistedState, poolid: string, vmid: number): void {
  removeGuestFromPools(state, vmid);
  findPool(state, poolid)?.vms.push(vmid);
}

/** `remove_vm_from_pool` (done by `remove_vm_access` on purge). */
export function removeGuestFromPools(state: PersistedState, vmid: number): void {
  for (const pool of Object.values(poolMap(state))) pool.vms = pool.vms.filter((v) => v !== vmid);
}
