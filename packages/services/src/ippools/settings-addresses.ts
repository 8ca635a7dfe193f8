import { ValidationError } from '@kiln/core';
import type { Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import type { LocatedContainer } from '../containers/locate';
import type { SettingsValues } from '../schemas/container-settings';
import { allocateFromPool, assertAddressFree, releaseAllocation } from './allocate';
import { allocateAddress, claimAddress, describeCt, releaseClaim, type AddressOwner } from './claims';
import { addressHolders, type AddressHolders } from './holders';
import { poolOffers } from './pool-math';

/** Whom a located container's addresses belong to: its Kiln row, or the guest itself. */
export function guestOwner(loc: Pick<LocatedContainer, 'kiln' | 'clusterKey' | 'ref'>): AddressOwner {
  return loc.kiln && loc.kiln.lifecycle !== 'deleted' ? { containerId: loc.kiln.id } : { guestKey: `${loc.clusterKey}/${loc.ref.vmid}` };
}

/** The static IPv4 addresses of a settings form (without prefix). */
export function staticAddresses(v: Pick<SettingsValues, 'nets'>): string[] {
  return v.nets.filter((n) => n.ipv4Mode === 'static' && n.ipv4Cidr).map((n) => n.ipv4Cidr!.split('/')[0] ?? '');
}

/**
 * The address part of a Settings save, before it is queued, as the wizard does it: a new static
 * address is checked against every guest's (the error names the holder, at the NIC's field) and
 * claimed race-safe; one inside a pool of the user is allocated from it; "next free from pool" is
 * allocated and turned into that static address with the pool's gateway and VLAN. Returns `next`
 * as the worker applies it. What the guest no longer uses is given back after the change
 * (reconcileGuestAddresses), not here: until then it still holds it.
 */
export async function prepareAddressChanges(
  deps: { db: Db; redis: Redis },
  userId: string,
  loc: Pick<LocatedContainer, 'kiln' | 'clusterKey' | 'ref' | 'node' | 'pveNode' | 'guest'>,
  base: SettingsValues,
  next: SettingsValues,
): Promise<SettingsValues> {
  const { db } = deps;
  const had = new Set(staticAddresses(base));
  const owner = guestOwner(loc);
  const name = loc.guest?.name ?? loc.kiln?.hostname ?? `CT${loc.ref.vmid}`;
  const holder = describeCt(loc.ref.vmid, name, loc.pveNode ?? '', loc.node);
  // the guest itself (its Kiln row still names the address it was created with) is no conflict
  const self = new Set([holder, ...(loc.kiln ? [describeCt(loc.ref.vmid, loc.kiln.hostname, loc.kiln.pveNode, loc.node)] : [])]);
  let holders: AddressHolders | undefined;
  const holdersNow = async () => (holders ??= new Map([...(await addressHolders(db, deps.redis, userId))].filter(([, h]) => !self.has(h))));
  const pools = await db.ipPool.findMany({ where: { userId } });
  const undo: (() => Promise<void>)[] = [];
  try {
    const nets: SettingsValues['nets'] = [];
    for (const [i, n] of next.nets.entries()) {
      if (n.ipv4Mode === 'pool') {
        const field = `nets.${i}.ipv4PoolId`;
        const pool = pools.find((p) => p.id === n.ipv4PoolId);
        if (!pool) throw new ValidationError('Choose one of your IP pools.', { [field]: 'Choose one of your IP pools.' });
        if (pool.bridge !== n.bridge) throw new ValidationError(`The pool “${pool.name}” is on ${pool.bridge}, not ${n.bridge}.`, { [field]: `This pool is on ${pool.bridge}.` });
        const a = await allocateFromPool(db, pool, await holdersNow(), owner);
        undo.push(() => releaseAllocation(db, a.id));
        const { ipv4PoolId: _, ...rest } = n;
        nets.push({ ...rest, ipv4Mode: 'static', ipv4Cidr: a.cidr, ipv4Gateway: pool.gateway ?? undefined, vlan: pool.vlan ?? n.vlan });
        continue;
      }
      nets.push(n);
      if (n.ipv4Mode !== 'static' || !n.ipv4Cidr) continue;
      const address = n.ipv4Cidr.split('/')[0] ?? '';
      if (had.has(address)) continue; // unchanged: it holds it already
      const field = `nets.${i}.ipv4Cidr`;
      assertAddressFree(await holdersNow(), address, field);
      const claim = await claimAddress(db, userId, address, holder, owner, field);
      if (claim.created) undo.push(() => releaseClaim(db, claim.id));
      const pool = pools.find((p) => poolOffers(p, address));
      if (pool) {
        const a = await allocateAddress(db, pool, address, owner, field);
        if (a.created) undo.push(() => releaseAllocation(db, a.id));
      }
    }
    return { ...next, nets };
  } catch (e) {
    for (const u of undo.reverse()) await u();
    throw e;
  }
}
