import { parseConfigPropertyString } from '../lxc/config-schema';
import type { ContainerRecord } from './types';

/**
 * Guest networking as the node would see it: each bridge is a /24 with a DHCP server handing out
 * addresses from .100 upwards, unique among running containers of the whole cluster. The subnets
 * are 10.10.x; with the `guestNetwork` option 10.<octet>.x, the octet of the host bridge the
 * simulator claimed (so the addresses are really reachable and never clash with another simulator's).
 */
const BRIDGE_SUBNETS: Record<string, number> = { vmbr0: 10, vmbr1: 11, vmbr2: 12 };

export const DEFAULT_SUBNET_OCTET = 10;

function subnetFor(bridge: string, octet: number): string {
  const third = BRIDGE_SUBNETS[bridge] ?? 20 + (Number(/\d+$/.exec(bridge)?.[0] ?? 0) % 200);
  return `10.${octet}.${third}`;
}

export const bridgeGateway = (bridge: string, octet = DEFAULT_SUBNET_OCTET): string => `${subnetFor(bridge, octet)}.1`;

/** Addresses leased to containers other than `exceptVmid`. */
export function leasedAddresses(all: Iterable<ContainerRecord>, exceptVmid?: number): Set<string> {
  const taken = new Set<string>();
  for (const other of all) {
    if (other.vmid !== exceptVmid) for (const ip of Object.values(other.leases)) taken.add(ip.split('/')[0] ?? '');
  }
  return taken;
}

/** Assigns DHCP leases to a container that just started. */
export function leaseAddresses(ct: ContainerRecord, all: Iterable<ContainerRecord>, octet = DEFAULT_SUBNET_OCTET): void {
  assignLeases(ct, leasedAddresses(all, ct.vmid), octet);
}

/** Leases addresses not in `taken` to `ct`'s DHCP interfaces, and adds them to `taken`. */
export function assignLeases(ct: ContainerRecord, taken: Set<string>, octet = DEFAULT_SUBNET_OCTET): void {
  ct.leases = {};
  for (const key of Object.keys(ct.config)
    .filter((k) => /^net\d+$/.test(k))
    .sort()) {
    const net = parseConfigPropertyString(key, ct.config[key] ?? '');
    if (net['ip'] !== 'dhcp') continue;
    const prefix = subnetFor(net['bridge'] ?? 'vmbr0', octet);
    // Prefer a stable address per VMID, like a DHCP server remembering the MAC.
    const preferred = 100 + (ct.vmid % 150);
    for (let i = 0; i < 150; i++) {
      const host = 100 + ((preferred - 100 + i) % 150);
      const ip = `${prefix}.${host}`;
      if (!taken.has(ip)) {
        ct.leases[key] = `${ip}/24`;
        taken.add(ip);
        break;
      }
    }
  }
}

interface IpAddress {
  'ip-address': string;
  'ip-address-type': 'inet' | 'inet6';
  prefix: number;
}

export interface InterfaceInfo {
  name: string;
  hwaddr: string;
  'hardware-address': string;
  inet?: string;
  inet6?: string;
  'ip-addresses': IpAddress[];
}

/** EUI-64 link-local address from a MAC. */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0] = b;
  const groups = [((b0 ^ 2) << 8) | b1, (b2 << 8) | 0xff, (0xfe << 8) | b3, (b4 << 8) | b5];
  return `fe80::${groups.map((g) => g.toString(16)).join(':')}`;
}

/** `GET .../interfaces` of a running container. */
export function containerInterfaces(ct: ContainerRecord): InterfaceInfo[] {
  const out: InterfaceInfo[] = [
    {
      name: 'lo',
      hwaddr: '00:00:00:00:00:00',
      'hardware-address': '00:00:00:00:00:00',
      inet: '127.0.0.1/8',
      inet6: '::1/128',
      'ip-addresses': [
        { 'ip-address': '127.0.0.1', 'ip-address-type': 'inet', prefix: 8 },
        { 'ip-address': '::1', 'ip-address-type': 'inet6', prefix: 128 },
      ],
    },
  ];
  for (const key of Object.keys(ct.config)
    .filter((k) => /^net\d+$/.test(k))
    .sort()) {
    const net = parseConfigPropertyString(key, ct.config[key] ?? '');
    const mac = (net['hwaddr'] ?? '00:00:00:00:00:00').toLowerCase();
    const v4 = net['ip'] === 'dhcp' ? ct.leases[key] : net['ip'] && net['ip'] !== 'manual' ? net['ip'] : undefined;
    const v6 = linkLocal(mac);
    const addrs: IpAddress[] = [];
    if (v4) addrs.push({ 'ip-address': v4.split('/')[0] ?? '', 'ip-address-type': 'inet', prefix: Number(v4.split('/')[1] ?? 24) });
    addrs.push({ 'ip-address': v6, 'ip-address-type': 'inet6', prefix: 64 });
    out.push({
      name: net['name'] ?? key.replace('net', 'eth'),
      hwaddr: mac,
      'hardware-address': mac,
      ...(v4 ? { inet: v4 } : {}),
      inet6: `${v6}/64`,
      'ip-addresses': addrs,
    });
  }
  return out;
}
