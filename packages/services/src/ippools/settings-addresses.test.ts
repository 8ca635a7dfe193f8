import { describe, expect, it } from 'vitest';
import { guestOwner, staticAddresses } from './settings-addresses';

type Nets = Parameters<typeof staticAddresses>[0]['nets'];
const nic = (index: number, ipv4Mode: Nets[number]['ipv4Mode'], ipv4Cidr?: string): Nets[number] => ({
  index,
  name: `eth${index}`,
  bridge: 'vmbr0',
  vlan: null,
  ipv4Mode,
  ipv4Cidr,
  ipv6Mode: 'none',
  firewall: false,
  rate: null,
});

describe('staticAddresses', () => {
  it('lists the static IPv4 addresses without prefix, ignoring DHCP, none and pool NICs', () => {
    expect(staticAddresses({ nets: [nic(0, 'static', '10.0.0.5/24'), nic(1, 'dhcp'), nic(2, 'pool'), nic(3, 'static', '10.0.1.9/16')] })).toEqual(['10.0.0.5', '10.0.1.9']);
  });
});

describe('guestOwner', () => {
  const ref = { nodeId: 'n', vmid: 105 };
  it('is the Kiln row of a container Kiln created, the cluster and VMID otherwise', () => {
    expect(guestOwner({ kiln: { id: 'row', lifecycle: 'ready' } as never, clusterKey: 'ck', ref })).toEqual({ containerId: 'row' });
    expect(guestOwner({ kiln: { id: 'row', lifecycle: 'deleted' } as never, clusterKey: 'ck', ref })).toEqual({ guestKey: 'ck/105' });
    expect(guestOwner({ kiln: undefined, clusterKey: 'ck', ref })).toEqual({ guestKey: 'ck/105' });
  });
});
