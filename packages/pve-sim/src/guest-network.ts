/**
 * The `guestNetwork` option: what the simulator sets up on the host so containers have a real
 * network (see src/sandbox/network.ts for the mechanics). Opt-in: it needs root, iproute2 and
 * the namespace sandbox, and it adds a bridge to the host while the simulator runs.
 */
import { join } from 'node:path';
import { parseConfigPropertyString } from './lxc/config-schema';
import { claimHostBridge, registerGuestNetwork, sandboxMode, sandboxUnavailableReason, startLoopbackRelay, type GuestNic } from './sandbox';
import type { Sim } from './sim';
import { bridgeGateway } from './state/network';

export interface GuestNetworkOptions {
  /**
   * Host loopback ports the containers reach at their own 127.0.0.1:<port> (a fixture git or
   * HTTP server the test runs on the host's 127.0.0.1).
   */
  loopbackPorts?: number[];
}

export interface GuestNetwork {
  /** Second octet of the DHCP subnets: containers get 10.<octet>.<bridge>.100+. */
  subnetOctet: number;
  bridge: string;
  close(): Promise<void>;
}

/** Claims the host bridge (before any lease is handed out: leases depend on its octet). */
export async function claimGuestNetwork(): Promise<{ octet: number; start(sim: Sim, opts: GuestNetworkOptions): Promise<GuestNetwork> }> {
  if (sandboxMode() !== 'namespaces') throw new Error(`kiln-sim: guestNetwork needs the namespace sandbox (${sandboxUnavailableReason() ?? 'unavailable'})`);
  const bridge = await claimHostBridge();
  return {
    octet: bridge.octet,
    async start(sim, opts) {
      const ports = [...new Set(opts.loopbackPorts ?? [])];
      const relay = ports.length > 0 ? await startLoopbackRelay(ports).catch(async (e: unknown) => {
        await bridge.close();
        throw e;
      }) : undefined;
      const unregister = registerGuestNetwork(join(sim.settings.dataDir, 'rootfs'), {
        bridge: bridge.name,
        loopbackPorts: ports,
        ...(relay ? { loopbackDir: relay.dir } : {}),
        nics: async (vmid) => {
          const nics = containerNics(sim, vmid, bridge.octet);
          for (const nic of nics) if (nic.dhcpGateway) await bridge.addGateway(`${nic.dhcpGateway}/24`);
          return nics;
        },
      });
      return {
        subnetOctet: bridge.octet,
        bridge: bridge.name,
        async close() {
          unregister();
          await relay?.close();
          await bridge.close();
        },
      };
    },
  };
}

/** The container's NICs with an IPv4 address: the DHCP lease, or the static `ip=`/`gw=`. */
function containerNics(sim: Sim, vmid: number, octet: number): (GuestNic & { dhcpGateway?: string })[] {
  const ct = sim.container(vmid);
  if (!ct) return [];
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
