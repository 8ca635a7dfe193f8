export { listIpPools, ipPoolChoices, ownIpPool, saveIpPool, deleteIpPool, type IpPoolView, type IpPoolChoice, type PoolAddressUse, type IpPoolActor } from './service';
export { addressHolders, configuredIps, type AddressHolders } from './holders';
export { allocateFromPool, releaseAllocation, releaseContainerAddresses, assertAddressFree, type Allocation } from './allocate';
