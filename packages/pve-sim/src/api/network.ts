import type { NodeRecord } from '../state/types';
import type { Route } from './types';

/**
 * `GET /nodes/{node}/network` (pve-manager's Network.pm over `/etc/network/interfaces`): a default
 * install's `vmbr0` on the first NIC with the node's address, plus a VLAN-aware `vmbr1` for guests.
 * Values as ifupdown2's parser gives them: flags 0/1, `netmask` as a prefix length string.
 */
function interfacesOf(node: NodeRecord): Array<Record<string, unknown>> {
  const gateway = node.ip.replace(/\.\d+$/, '.1');
  return [
    { iface: 'nic0', type: 'eth', method: 'manual', method6: 'manual', families: ['inet'], exists: 1, active: 1, priority: 2 },
    { iface: 'nic1', type: 'eth', method: 'manual', method6: 'manual', families: ['inet'], exists: 1, active: 1, priority: 4 },
    {
      iface: 'vmbr0',
      type: 'bridge',
      method: 'static',
      method6: 'manual',
      families: ['inet'],
      autostart: 1,
      active: 1,
      priority: 3,
      address: node.ip,
      netmask: '24',
      cidr: `${node.ip}/24`,
      gateway,
      bridge_ports: 'nic0',
      bridge_stp: 'off',
      bridge_fd: '0',
    },
    {
      iface: 'vmbr1',
      type: 'bridge',
      method: 'manual',
      method6: 'manual',
      families: ['inet'],
      autostart: 1,
      active: 1,
      priority: 5,
      bridge_ports: 'nic1',
      bridge_stp: 'off',
      bridge_fd: '0',
      bridge_vlan_aware: 1,
      bridge_vids: '2-4094',
      comments: 'guest VLANs\n',
    },
  ];
}

/** `type` filters as Network.pm's `$check_iface_type`: `any_bridge` also takes OVS bridges. */
function matchesType(type: string | undefined, iface: Record<string, unknown>): boolean {
  if (!type) return true;
  if (type === 'any_bridge' || type === 'any_local_bridge') return iface['type'] === 'bridge' || iface['type'] === 'OVSBridge';
  if (type === 'include_sdn') return true;
  return iface['type'] === type;
}

export function networkRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/nodes/{node}/network',
      handle: ({ sim, params }) => interfacesOf(sim.proxyNode(params['node'] ?? '')).filter((i) => matchesType(params['type'], i)),
    },
  ];
}
