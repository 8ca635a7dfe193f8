import { ConflictError, NotFoundError, ValidationError } from '@kiln/core';
import type { Db, IpPool } from '@kiln/db';
import type { DataDeps } from '../deps';
import { recordAudit } from '@kiln/db';
import { ipPoolSchema, type IpPoolFormValues, type IpPoolValues } from '../schemas/ippools';
import { addressHolders } from './holders';
import { seenInUse } from './claims';
import { overlaps } from './ipv4';
import { poolBounds, poolCapacity, poolOffers } from './pool-math';

/** One address of a pool in use: a Kiln creation's allocation, or a guest that holds it. */
export interface PoolAddressUse {
  address: string;
  /** `CT 104 'web' on pve2 (cluster lab)`. */
  holder: string;
  /** `kiln`: handed out by this pool; `guest`: found on a guest (snapshot or config); `seen`: answered an ARP probe (skipped for a while). */
  source: 'kiln' | 'guest' | 'seen';
}

export interface IpPoolView {
  id: string;
  name: string;
  bridge: string;
  vlan: number | null;
  cidr: string;
  rangeStart: string | null;
  rangeEnd: string | null;
  reserved: string[];
  gateway: string | null;
  dns: string[];
  capacity: number;
  used: PoolAddressUse[];
  free: number;
}

/** The wizard's choice: the pools of one bridge, with how many addresses are left. */
export interface IpPoolChoice {
  id: string;
  name: string;
  bridge: string;
  cidr: string;
  vlan: number | null;
  gateway: string | null;
  dns: string[];
}

export interface IpPoolActor {
  id: string;
  username: string;
  ip?: string;
}

const byAddress = (a: PoolAddressUse, b: PoolAddressUse) => a.address.localeCompare(b.address, undefined, { numeric: true });

/** The user's pools with their usage: Kiln's allocations plus every address a guest holds inside them. */
export async function listIpPools(deps: DataDeps, userId: string): Promise<IpPoolView[]> {
  const pools = await deps.db.ipPool.findMany({
    where: { userId },
    orderBy: { name: 'asc' },
    include: {
      allocations: { where: { OR: [{ containerId: null }, { container: { lifecycle: { not: 'deleted' } } }] }, include: { container: { select: { vmid: true, hostname: true, pveNode: true } } } },
    },
  });
  if (pools.length === 0) return [];
  // a page: the cached snapshot and Kiln's rows, no Proxmox VE calls of its own
  const holders = await addressHolders(deps.db, deps.redis, userId, { readConfigs: false });
  const seen = await seenInUse(deps.db, userId);
  return pools.map((p) => {
    const used = new Map<string, PoolAddressUse>();
    for (const a of p.allocations) {
      const c = a.container;
      used.set(a.address, { address: a.address, holder: c ? `CT ${c.vmid} '${c.hostname}' on ${c.pveNode} (Kiln)` : 'a creation being submitted', source: 'kiln' });
    }
    for (const [address, holder] of holders) if (!used.has(address) && poolOffers(p, address)) used.set(address, { address, holder, source: 'guest' });
    for (const [address, s] of seen) {
      if (used.has(address) || !poolOffers(p, address)) continue;
      used.set(address, { address, holder: `seen in use: ${s.reason}; skipped until ${s.until.toISOString().slice(0, 16).replace('T', ' ')} UTC`, source: 'seen' });
    }
    const capacity = poolCapacity(p);
    return { ...viewOf(p), capacity, used: [...used.values()].sort(byAddress), free: Math.max(0, capacity - used.size) };
  });
}

function viewOf(p: IpPool): Omit<IpPoolView, 'capacity' | 'used' | 'free'> {
  return { id: p.id, name: p.name, bridge: p.bridge, vlan: p.vlan, cidr: p.cidr, rangeStart: p.rangeStart, rangeEnd: p.rangeEnd, reserved: p.reserved, gateway: p.gateway, dns: p.dns };
}

/** Pools the wizard offers: the user's own, optionally only those on one bridge. */
export async function ipPoolChoices(db: Db, userId: string, bridge?: string): Promise<IpPoolChoice[]> {
  const rows = await db.ipPool.findMany({ where: { userId, ...(bridge ? { bridge } : {}) }, orderBy: { name: 'asc' } });
  return rows.map((p) => ({ id: p.id, name: p.name, bridge: p.bridge, cidr: p.cidr, vlan: p.vlan, gateway: p.gateway, dns: p.dns }));
}

/** One of the user's pools, or NotFound (another user's pool is not found either). */
export async function ownIpPool(db: Db, userId: string, id: string): Promise<IpPool> {
  const pool = await db.ipPool.findFirst({ where: { id, userId } });
  if (!pool) throw new NotFoundError('The IP pool');
  return pool;
}

function fieldErrorsOf(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[String(i.path[0] ?? '')] ??= i.message;
  return out;
}

/** Creates (no id) or edits one of the user's pools. Pools on the same bridge and VLAN must not overlap. */
export async function saveIpPool(db: Db, actor: IpPoolActor, raw: IpPoolFormValues): Promise<{ id: string }> {
  const parsed = ipPoolSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError('Check the highlighted fields.', fieldErrorsOf(parsed.error.issues));
  const v: IpPoolValues = parsed.data;
  if (raw.id) await ownIpPool(db, actor.id, raw.id);
  const shape = { cidr: v.cidr, rangeStart: v.rangeStart ?? null, rangeEnd: v.rangeEnd ?? null, reserved: v.reserved, gateway: v.gateway ?? null };
  const mine = poolBounds(shape);
  const siblings = await db.ipPool.findMany({ where: { userId: actor.id, bridge: v.bridge, vlan: v.vlan ?? null, ...(raw.id ? { id: { not: raw.id } } : {}) } });
  const clash = siblings.find((p) => overlaps(mine, poolBounds(p)));
  if (clash) {
    const where = `${v.bridge}${v.vlan ? ` VLAN ${v.vlan}` : ''}`;
    const message = `Overlaps the pool “${clash.name}” (${clash.rangeStart && clash.rangeEnd ? `${clash.rangeStart}–${clash.rangeEnd}` : clash.cidr}) on ${where}.`;
    throw new ValidationError(message, { [v.rangeStart ? 'rangeStart' : 'cidr']: message });
  }
  const data = { name: v.name, bridge: v.bridge, vlan: v.vlan ?? null, ...shape, dns: v.dns };
  let id: string;
  try {
    id = raw.id ? (await db.ipPool.update({ where: { id: raw.id }, data })).id : (await db.ipPool.create({ data: { ...data, userId: actor.id } })).id;
  } catch (e) {
    if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002')
      throw new ValidationError('You already have a pool with this name.', { name: 'You already have a pool with this name.' });
    throw e;
  }
  await recordAudit(db, {
    userId: actor.id,
    actor: actor.username,
    action: raw.id ? 'ip-pool.update' : 'ip-pool.create',
    outcome: 'success',
    targetType: 'ip-pool',
    targetId: id,
    targetName: v.name,
    ip: actor.ip,
    detail: { bridge: v.bridge, cidr: v.cidr },
  });
  return { id };
}

/** Deletes a pool that no live creation holds an address of. */
export async function deleteIpPool(db: Db, actor: IpPoolActor, id: string): Promise<void> {
  const pool = await ownIpPool(db, actor.id, id);
  const live = await db.ipAllocation.count({ where: { poolId: id, container: { lifecycle: { not: 'deleted' } } } });
  if (live > 0) throw new ConflictError(`${live} container${live === 1 ? '' : 's'} Kiln created still use${live === 1 ? 's' : ''} addresses of “${pool.name}”: delete them first.`);
  await db.ipPool.delete({ where: { id } });
  await recordAudit(db, { userId: actor.id, actor: actor.username, action: 'ip-pool.delete', outcome: 'success', targetType: 'ip-pool', targetId: id, targetName: pool.name, ip: actor.ip });
}
