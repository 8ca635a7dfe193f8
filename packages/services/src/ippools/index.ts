export { listIpPools, ipPoolChoices, ownIpPool, saveIpPool, deleteIpPool, type IpPoolView, type IpPoolChoice, type PoolAddressUse, type IpPoolActor } from './service';
export { addressHolders, configuredIps, type AddressHolders } from './holders';
export { allocateFromPool, releaseAllocation, releaseContainerAddresses, assertAddressFree, type Allocation } from './allocate';
export { claimAddress, releaseClaim, allocateAddress, reconcileGuestAddresses, releaseGuestAddresses, markSeenInUse, seenInUse, type AddressOwner } from './claims';
export { prepareAddressChanges, guestOwner, staticAddresses } from './settings-addresses';
