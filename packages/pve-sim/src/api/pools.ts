import { pveDie } from '../http/errors';
import { splitList } from '../schema/formats';
import type { Sim } from '../sim';
import { findPool, poolMap, poolOf } from '../state/pools';
import { STORAGES } from '../state/storage';
import type { PoolRecord } from '../state/types';
import { storageResource, vmResource } from './cluster';
import type { Route } from './types';

/**
 * pve-manager's `PVE::API2::Pool` (PVE 9, flat pools). The path's `Pool.Allocate`/`Pool.Audit`
 * check comes from the schema; `lock_user_config` prefixes the failures of writes.
 */

type Params = Readonly<Record<string, string>>;

function mustExist(sim: Sim, poolid: string, prefix = ''): PoolRecord {
  const pool = findPool(sim.state, poolid);
  if (!pool) throw pveDie(`${prefix}pool '${poolid}' does not exist`);
  return pool;
}

/** `read_pool`'s members: existing guests (as `/cluster/resources` shows them), then existing storages. */
function members(sim: Sim, pool: PoolRecord, type: string | undefined): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const vmid of [...pool.vms].sort((a, b) => a - b)) {
    const ct = sim.container(vmid);
    if (ct && (type === undefined || type === 'lxc')) out.push(vmResource(sim, ct));
  }
  if (type !== undefined && type !== 'storage') return out;
  const local = sim.localNode;
  for (const sid of [...pool.storage].sort()) {
    const def = STORAGES.find((d) => d.id === sid);
    if (def) out.push(storageResource(sim, local, def));
  }
  return out;
}

function readPool(sim: Sim, params: Params): Record<string, unknown> {
  const pool = mustExist(sim, params['poolid'] ?? '');
  return { members: members(sim, pool, params['type']), ...(pool.comment !== undefined ? { comment: pool.comment } : {}) };
}

/** `GET /pools`: every pool the caller may audit; with `poolid`, that one with its members. */
function index(sim: Sim, authid: string, params: Params): Array<Record<string, unknown>> {
  const wanted = params['poolid'];
  if (wanted !== undefined) mustExist(sim, wanted);
  const res: Array<Record<string, unknown>> = [];
  for (const [poolid, pool] of Object.entries(poolMap(sim.state)).sort(([a], [b]) => a.localeCompare(b))) {
    if (wanted !== undefined && poolid !== wanted) continue;
    if (!sim.acl.check(authid, `/pool/${poolid}`, ['Pool.Audit'], { noerr: true })) continue;
    const entry: Record<string, unknown> = { poolid };
    if (pool.comment !== undefined) entry['comment'] = pool.comment;
    if (wanted !== undefined) entry['members'] = members(sim, pool, params['type']);
    res.push(entry);
  }
  return res;
}

function createPool(sim: Sim, params: Params): null {
  const poolid = params['poolid'] ?? '';
  if (findPool(sim.state, poolid)) throw pveDie(`create pool failed: pool '${poolid}' already exists`);
  const comment = params['comment'];
  poolMap(sim.state)[poolid] = { vms: [], storage: [], ...(comment ? { comment } : {}) };
  sim.markDirty();
  return null;
}

/** `update_pool`: all or nothing (the changes go to a copy written at the end). */
function updatePool(sim: Sim, authid: string, params: Params): null {
  const fail = 'update pools failed: ';
  const poolid = params['poolid'] ?? '';
  const current = mustExist(sim, poolid, fail);
  const pool: PoolRecord = { ...current, vms: [...current.vms], storage: [...current.storage] };
  const moves: Array<[string, number]> = [];
  const remove = params['delete'] === '1';
  if (params['comment'] !== undefined) pool.comment = params['comment'];
  const die = (why: string): Error => pveDie(`${fail}${why}`);
  // `check_perm_modify` inside `lock_user_config`: a refusal becomes that call's 500
  const mayModify = (path: string, priv: string): void => {
    if (!sim.acl.check(authid, path, [priv], { noerr: true })) throw die(`Permission check failed (${path}, ${priv})`);
  };
  for (const vmid of splitList(params['vms'] ?? '').map(Number)) {
    mayModify(`/vms/${vmid}`, 'VM.Allocate');
    if (remove) {
      if (!pool.vms.includes(vmid)) throw die(`VM ${vmid} is not a pool member`);
      pool.vms = pool.vms.filter((v) => v !== vmid);
      continue;
    }
    if (pool.vms.includes(vmid)) throw die(`VM ${vmid} is already a pool member`);
    const existing = poolOf(sim.state, vmid);
    if (existing !== undefined) {
      if (params['allow-move'] !== '1') throw die(`VM ${vmid} belongs already to pool '${existing}' and allow-move is not set`);
      mayModify(`/pool/${existing}`, 'Pool.Allocate');
      moves.push([existing, vmid]);
    }
    pool.vms.push(vmid);
  }
  for (const sid of splitList(params['storage'] ?? '')) {
    mayModify(`/storage/${sid}`, 'Datastore.Allocate');
    if (remove) {
      if (!pool.storage.includes(sid)) throw die(`Storage '${sid}' is not a pool member`);
      pool.storage = pool.storage.filter((s) => s !== sid);
    } else {
      if (pool.storage.includes(sid)) throw die(`Storage '${sid}' is already a pool member`);
      pool.storage.push(sid);
    }
  }
  for (const [from, vmid] of moves) {
    const old = findPool(sim.state, from);
    if (old) old.vms = old.vms.filter((v) => v !== vmid);
  }
  poolMap(sim.state)[poolid] = pool;
  sim.markDirty();
  return null;
}

/** `delete_pool`: only empty pools; destroyed guests and removed storages do not count. */
function deletePool(sim: Sim, params: Params): null {
  const fail = 'delete pool failed: ';
  const poolid = params['poolid'] ?? '';
  const pool = mustExist(sim, poolid, fail);
  for (const vmid of [...pool.vms].sort((a, b) => a - b)) {
    if (sim.container(vmid)) throw pveDie(`${fail}pool '${poolid}' is not empty (contains VM ${vmid})`);
  }
  for (const sid of [...pool.storage].sort()) {
    if (STORAGES.some((d) => d.id === sid)) throw pveDie(`${fail}pool '${poolid}' is not empty (contains storage '${sid}')`);
  }
  delete poolMap(sim.state)[poolid];
  sim.markDirty();
  return null;
}

export function poolRoutes(): Route[] {
  return [
    { method: 'GET', path: '/pools', handle: ({ sim, authid, params }) => index(sim, authid, params) },
    { method: 'POST', path: '/pools', handle: ({ sim, params }) => createPool(sim, params) },
    { method: 'PUT', path: '/pools', handle: ({ sim, authid, params }) => updatePool(sim, authid, params) },
    { method: 'DELETE', path: '/pools', handle: ({ sim, params }) => deletePool(sim, params) },
    { method: 'GET', path: '/pools/{poolid}', handle: ({ sim, params }) => readPool(sim, params) },
    { method: 'PUT', path: '/pools/{poolid}', handle: ({ sim, authid, params }) => updatePool(sim, authid, params) },
    { method: 'DELETE', path: '/pools/{poolid}', handle: ({ sim, params }) => deletePool(sim, params) },
  ];
}
