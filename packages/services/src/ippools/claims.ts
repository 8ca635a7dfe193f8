import { ValidationError } from '@kiln/core';
import type { Db, IpPool } from '@kiln/db';
import { describeGuest } from './holders';
import { parseSubnet } from './ipv4';

/** A claim or allocation linked to nothing this long after it was made was left by a crash: reusable. */
export const ORPHAN_MS = 10 * 60_000;
/** How long the pools skip an address that answered the ARP probe. */
export const SEEN_IN_USE_MS = 24 * 60 * 60_000;

export const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';

/** Whom an address is given to: Kiln's creation row, or (Settings of a guest Kiln did not create) `<clusterKey>/<vmid>`. */
export interface AddressOwner {
  containerId?: string;
  guestKey?: string;
}

const sameOwner = (row: { containerId: string | null; guestKey: string | null }, owner: AddressOwner) =>
  (!!owner.containerId && row.containerId === owner.containerId) || (!!owner.guestKey && row.guestKey === owner.guestKey);

/** `CT 105 'web' on pve1 (cluster lab)` for a node row, as the conflict errors name guests. */
export function describeCt(vmid: number, name: string, pveNode: string, node: { name: string; clusterName: string | null }): string {
  return describeGuest({ type: 'lxc', vmid, name, node: pveNode }, node.clusterName ? `cluster ${node.clusterName}` : `node ${node.name}`);
}

/**
 * Claims a typed static address for one guest, race-safe: the claim's unique (user, address) index
 * lets exactly one of two parallel requests have it; the other gets the holder named at `field`.
 * A claim the same guest already holds is returned as is.
 */
export async function claimAddress(db: Db, userId: string, address: string, holder: string, owner: AddressOwner, field: string): Promise<{ id: string; created: boolean }> {
  await db.ipClaim.deleteMany({ where: { userId, containerId: null, guestKey: null, createdAt: { lt: new Date(Date.now() - ORPHAN_MS) } } });
  try {
    const row = await db.ipClaim.create({ data: { userId, address, holder, containerId: owner.containerId ?? null, guestKey: owner.guestKey ?? null }, select: { id: true } });
    return { id: row.id, created: true };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const other = await db.ipClaim.findUnique({ where: { userId_address: { userId, address } } });
  if (other && sameOwner(other, owner)) return { id: other.id, created: false };
  const message = `${address} is used by ${other?.holder ?? 'another creation'}.`;
  throw new ValidationError(message, { [field]: message });
}

export async function releaseClaim(db: Pick<Db, 'ipClaim'>, id: string): Promise<void> {
  await db.ipClaim.deleteMany({ where: { id } });
}

/**
 * Allocates one given address of a pool (a typed address that lies inside it), race-safe on the
 * allocation's unique (pool, address) index. The same guest's allocation is returned as is.
 */
export async function allocateAddress(db: Db, pool: IpPool, address: string, owner: AddressOwner, field: string): Promise<{ id: string; created: boolean }> {
  try {
    const row = await db.ipAllocation.create({ data: { poolId: pool.id, address, containerId: owner.containerId ?? null, guestKey: owner.guestKey ?? null }, select: { id: true } });
    return { id: row.id, created: true };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const other = await db.ipAllocation.findUnique({
    where: { poolId_address: { poolId: pool.id, address } },
    include: { container: { select: { vmid: true, hostname: true, pveNode: true, node: { select: { name: true, clusterName: true } } } } },
  });
  if (other && sameOwner(other, owner)) return { id: other.id, created: false };
  const c = other?.container;
  const holder = c ? describeCt(c.vmid, c.hostname, c.pveNode, c.node) : `another guest (pool “${pool.name}”)`;
  const message = `${address} is used by ${holder}.`;
  throw new ValidationError(message, { [field]: message });
}

/**
 * After a Settings change: the guest keeps the pool allocations and claims of the addresses its
 * config now has, and gives back the others (it moved away from them).
 */
export async function reconcileGuestAddresses(db: Db, owner: AddressOwner, addresses: readonly string[]): Promise<void> {
  const who = owner.containerId ? { containerId: owner.containerId } : owner.guestKey ? { guestKey: owner.guestKey } : undefined;
  if (!who) return;
  await db.ipAllocation.deleteMany({ where: { ...who, address: { notIn: [...addresses] } } });
  await db.ipClaim.deleteMany({ where: { ...who, address: { notIn: [...addresses] } } });
}

/** Frees what a guest Kiln did not create held (it was destroyed). */
export async function releaseGuestAddresses(db: Db, guestKey: string): Promise<void> {
  await db.ipAllocation.deleteMany({ where: { guestKey } });
  await db.ipClaim.deleteMany({ where: { guestKey } });
}

/** Something answered ARP for the address: the user's pools skip it for a day, the pools page says why. */
export async function markSeenInUse(db: Pick<Db, 'ipSeenInUse'>, userId: string, address: string, reason: string): Promise<void> {
  const until = new Date(Date.now() + SEEN_IN_USE_MS);
  await db.ipSeenInUse.upsert({ where: { userId_address: { userId, address } }, create: { userId, address, reason, until }, update: { reason, until } });
}

/** Addresses seen in use that the pools still skip, with why and until when. */
export async function seenInUse(db: Pick<Db, 'ipSeenInUse'>, userId: string): Promise<Map<string, { reason: string; until: Date }>> {
  const rows = await db.ipSeenInUse.findMany({ where: { userId, until: { gt: new Date() } } });
  return new Map(rows.map((r) => [r.address, { reason: r.reason, until: r.until }]));
}

/** `10.10.0.7/24` for an address of the pool. */
export function cidrInPool(pool: IpPool, address: string): string {
  return `${address}/${parseSubnet(pool.cidr)?.prefix ?? 32}`;
}
