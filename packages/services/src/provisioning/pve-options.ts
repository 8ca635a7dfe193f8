import { splitRootOnlyOptions, type LxcCreateOptions, type RootOnlySplit } from '@kiln/pve';
import { ownershipTag, type CreationSpec } from './spec';

/** The complete create request, before it is split into what the API token and root may set. */
export function createOptions(containerId: string, spec: CreationSpec, ostemplate: string): LxcCreateOptions {
  const net = spec.network;
  return {
    vmid: spec.vmid,
    hostname: spec.hostname,
    ostemplate,
    rootfs: { storage: spec.storage, sizeGiB: spec.disk },
    cores: spec.cores,
    memory: spec.memory,
    swap: spec.swap,
    unprivileged: spec.unprivileged,
    features: { nesting: spec.features.nesting, ...(spec.features.keyctl ? { keyctl: true } : {}), ...(spec.features.fuse ? { fuse: true } : {}) },
    net: [
      {
        name: 'eth0',
        bridge: net.bridge,
        ip: net.ipv4 === 'dhcp' ? 'dhcp' : net.ipv4.cidr,
        ...(net.ipv4 !== 'dhcp' && net.ipv4.gateway ? { gw: net.ipv4.gateway } : {}),
        ...(net.ipv6 === 'none' ? {} : typeof net.ipv6 === 'string' ? { ip6: net.ipv6 } : { ip6: net.ipv6.cidr, ...(net.ipv6.gateway ? { gw6: net.ipv6.gateway } : {}) }),
        ...(net.vlan ? { tag: net.vlan } : {}),
        firewall: net.firewall,
      },
    ],
    ...(spec.dns.nameservers.length ? { nameserver: spec.dns.nameservers } : {}),
    ...(spec.dns.searchdomain ? { searchdomain: [spec.dns.searchdomain] } : {}),
    tags: [...new Set(['kiln', ownershipTag(containerId), ...spec.tags])],
    description: `Created by Kiln from template ${spec.template.slug} ${spec.template.version}.`,
    start: false,
  };
}

export function splitForToken(containerId: string, spec: CreationSpec, ostemplate: string): RootOnlySplit {
  return splitRootOnlyOptions(createOptions(containerId, spec, ostemplate));
}
