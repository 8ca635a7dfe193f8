/**
 * What the simulator sets up so running containers have their network (see
 * src/sandbox/network.ts for the mechanics): always their NICs' addresses inside, and with the
 * opt-in `guestNetwork` option a host bridge that makes those addresses reachable plus host
 * loopback ports inside. The option needs root, iproute2 and the namespace sandbox, and adds a
 * bridge to the host while the simulator runs.
 */
import { join } from 'node:path';
import { parseConfigPropertyString } from './lxc/config-schema';
import { claimHostBridge, registerGuestNetwork, sandboxMode, sandboxUnavailableReason, startLoopbackRelay, type GuestNic, type HostBridge } from './sandbox';
import type { Sim } from './sim';
import { bridgeGateway, DEFAULT_SUBNET_OCTET } from './state/network';

export interface GuestNetworkOptions {
  /**
   * Host loopback ports the containers reach at their own 127.0.0.1:<port> (a fixture git or
   * HTTP server the test runs on the host's 127.0.0.1).
   */
  loopbackPorts?: number[];
}

export interface GuestNetwork {
  /** With the option: the claimed host bridge and the subnets' second octet (10.<octet>.x). */
  bridge?: string;
  subnetOctet: number;
  close(): Promise<void>;
}

/** Claims the host bridge for the `guestNetwork` option (before any lease: leases use its octet). */
export async function claimGuestBridge(): Promise<HostBridge> {
  if (sandboxMode() !== 'namespaces') throw new Error(`kiln-sim: guestNetwork needs the namespace sandbox (${sandboxUnavailableReason() ?? 'unavailable'})`);
  return claimHostBridge();
}

/** Registers the simulator's containers' NICs with the sandbox; `bridge` and `opts` plug them in. */
export async function startGuestNetwork(sim: Sim, bridge?: HostBridge, opts: GuestNetworkOptions = {}): Promise<GuestNetwork> {
  const octet = bridge?.octet ?? DEFAULT_SUBNET_OCTET;
  const ports = bridge ? [...new Set(opts.loopbackPorts ?? [])] : [];
  let relay;
  try {
    relay = ports.length > 0 ? await startLoopbackRelay(ports) : undefined;
  } catch (e) {
    await bridge?.close();
    throw e;
  }
  const unregister = registerGuestNetwork(join(sim.settings.dataDir, 'rootfs'), {
    ...(bridge ? { bridge: bridge.name } : {}),
    loopbackPorts: ports,
    ...(relay ? { loopbackDir: relay.dir } : {}),
    nics: async (vmid) => {
      const nics = containerNics(sim, vmid, octet);
      if (bridge) for (const nic of nics) if (nic.dhcpGateway) await bridge.addGateway(`${nic.dhcpGateway}/24`);
      return nics;
    },
  });
  return {
    ...(bridge ? { bridge: bridge.name } : {}),
    subnetOctet: octet,
    async close() {
      unregister();
      await relay?.close();
      await bridge?.close();
    },
  };
}

/** The container's NICs with an IPv4 address: the DHCP lease, or the static `ip=`/`gw=`. */
function containerNics(sim: Sim, vmid: number, octet: number): (GuestNic & { dhcpGateway?: string })[] {
  const ct = sim.container(vmid);
  if (!ct || ct.status !== 'running') return [];
  const nics: (GuestNic & { dhcpGateway?: string })[] = [];
  for (const key of Object.keys(ct.config)
    .filter((k) => /^net\d+$/.test(k))
    .sort()) {
    const net = parseConfigPropertyString(key, ct.config[key] ?? '');
    const name = net['name'] ?? key.replace('net', 'eth');
    const hwaddr = net['hwaddr'];
    if (net['ip'] === 'dhcp') {
      const lease = ct.leases[key];
      if (!lease) continue;
      const gateway = bridgeGateway(net['bridge'] ?? 'vmbr0', octet);
      nics.push({ name, cidr: lease, gateway, dhcpGateway: gateway, ...(hwaddr ? { hwaddr } : {}) });
    } else if (net['ip'] && net['ip'] !== 'manual') {
      nics.push({ name, cidr: net['ip'], ...(net['gw'] ? { gateway: net['gw'] } : {}), ...(hwaddr ? { hwaddr } : {}) });
    }
  }
  return nics;
}
