import { ConflictError, ValidationError } from '@kiln/core';
import type { Db, IpPool } from '@kiln/db';
import type { AddressHolders } from './holders';
import { parseSubnet } from './ipv4';
import { freeAddresses } from './pool-math';
import { ORPHAN_MS, isUniqueViolation, seenInUse, type AddressOwner } from './claims';

export interface Allocation {
  id: string;
  address: string;
  /** `10.10.0.7/24`: what goes into net0's ip=. */
  cidr: string;
}

/**
 * Hands out the pool's next free address: not reserved, not the gateway, not allocated to another
 * creation, not held by any guest (`holders`). Lock-free and safe under parallel creations: the
 * allocation row's unique (pool, address) index lets exactly one insert win each address, and a
 * loser moves on to the next one. The row is linked to its creation in the creation's transaction
 * (linkAllocation); until then it holds the address on its own.
 */
export async function allocateFromPool(db: Db, pool: IpPool, holders: AddressHolders, owner: AddressOwner = {}): Promise<Allocation> {
  const subnet = parseSubnet(pool.cidr);
  if (!subnet) throw new ValidationError(`The pool “${pool.name}” has no valid subnet.`, { 'network.ipv4PoolId': 'This pool has no valid subnet.' });
  await db.ipAllocation.deleteMany({ where: { poolId: pool.id, containerId: null, guestKey: null, createdAt: { lt: new Date(Date.now() - ORPHAN_MS) } } });
  const allocated = await db.ipAllocation.findMany({ where: { poolId: pool.id }, select: { address: true } });
  // addresses that answered an ARP probe lately are skipped too (something Proxmox VE does not show uses them)
  const seen = await seenInUse(db, pool.userId);
  const taken = new Set([...allocated.map((a) => a.address), ...holders.keys(), ...seen.keys()]);
  for (const address of freeAddresses(pool, taken)) {
    try {
      const row = await db.ipAllocation.create({ data: { poolId: pool.id, address, containerId: owner.containerId ?? null, guestKey: owner.guestKey ?? null }, select: { id: true } });
      return { id: row.id, address, cidr: `${address}/${subnet.prefix}` };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // another creation took it a moment ago: try the next address
    }
  }
  throw new ConflictError(`The pool “${pool.name}” has no free address left.`);
}

/** Gives an address back (a creation that was not written, a deleted creation). */
export async function releaseAllocation(db: Db, allocationId: string): Promise<void> {
  await db.ipAllocation.deleteMany({ where: { id: allocationId } });
}

/** Frees every pool address a creation held: its failed creation was deleted or the container destroyed. */
export async function releaseContainerAddresses(db: Pick<Db, 'ipAllocation' | 'ipClaim'>, containerId: string): Promise<void> {
  await db.ipAllocation.deleteMany({ where: { containerId } });
  await db.ipClaim.deleteMany({ where: { containerId } });
}

/** A typed static address that a guest already holds: a clear error near the field. */
export function assertAddressFree(holders: AddressHolders, address: string, field: string): void {
  const holder = holders.get(address);
  if (holder) throw new ValidationError(`${address} is used by ${holder}.`, { [field]: `${address} is used by ${holder}.` });
}
