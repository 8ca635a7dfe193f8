/**
 * A running container's network: each NIC of its config with an IPv4 address (the DHCP lease or
 * the static one) is an interface of that name, MAC and address in the container's network
 * namespace, so a daemon there answers on the container's own address too. By default the other
 * end of each NIC stays inside, unplugged: nothing outside reaches it.
 *
 * Opt-in guest networking (`guestNetwork` simulator option) plugs it in, so the address is
 * reachable the way a real one is:
 * - The simulator claims a host bridge `kilnsim<k>` (the first k whose bridge it can create, so
 *   simulators running side by side never share one) and hands out DHCP addresses from
 *   10.<100+k>.<bridge subnet>.0/24 instead of 10.10.x; the bridge holds each subnet's .1
 *   (the gateway), like vmbr0 holds the node's address.
 * - Each of the container's NICs is one end of a veth pair, named as in the config (`eth0`), with
 *   the config's MAC, the leased (or static) address and a default route via the gateway; the
 *   other end joins the bridge. The host (the Kiln worker, a test) connects to the container's
 *   address as `GET .../interfaces` reports it and reaches the sockets inside.
 * - Host loopback ports (`loopbackPorts`): inside the container 127.0.0.1:<port> leads to the
 *   host's 127.0.0.1:<port> (a fixture git/HTTP server), through a forwarder process in the
 *   container's network namespace and a Unix socket the simulator serves (Unix sockets are not
 *   bound to a network namespace).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hostTools } from './host-tools';
import type { SandboxTarget } from './spawn';

const run = promisify(execFile);

export interface GuestNic {
  /** Interface name inside the container (`eth0`). */
  name: string;
  hwaddr?: string;
  /** `10.100.10.101/24` */
  cidr: string;
  gateway?: string;
}

export interface GuestNetworkProvider {
  /** Host bridge the containers' veth ends join; without one each NIC's other end stays inside, unplugged. */
  bridge?: string;
  /** The NICs of a container as its config and leases say now. */
  nics(vmid: number): Promise<GuestNic[]>;
  /** Directory with `<port>.sock` for every forwarded host loopback port. */
  loopbackDir?: string;
  loopbackPorts: readonly number[];
}

/** Providers by the rootfs base directory of their simulator. */
const providers = new Map<string, GuestNetworkProvider>();

export function registerGuestNetwork(rootfsBase: string, provider: GuestNetworkProvider): () => void {
  providers.set(rootfsBase, provider);
  return () => {
    if (providers.get(rootfsBase) === provider) providers.delete(rootfsBase);
  };
}

function providerFor(rootDir: string): GuestNetworkProvider | undefined {
  return providers.get(path.dirname(rootDir));
}

export interface AttachedNetwork {
  /** Ends the loopback forwarder and removes the host ends of the NICs (idempotent). */
  detach(): Promise<void>;
}

const FORWARDER = fileURLToPath(new URL('./loopback-forward.cjs', import.meta.url));

/** Host-side veth names are global and at most 15 characters: `ks<k>-<vmid><index>`. */
function hostVethName(bridge: string, vmid: number, index: number): string {
  return `ks${bridge.replace(/^kilnsim/, '')}-${vmid}${index}`.slice(0, 15);
}

async function ip(args: string[], netnsPid?: number): Promise<void> {
  const t = hostTools();
  if (!t.ip) throw new Error('kiln-sim: guest networking needs iproute2 (ip) on the host');
  if (netnsPid === undefined) await run(t.ip, args);
  else await run(t.nsenter, [`--net=/proc/${netnsPid}/ns/net`, '--', t.ip, ...args]);
}

/** Wires the container's NICs and loopback forwards into the namespace held by `netnsPid`. */
export async function attachGuestNetwork(target: SandboxTarget, netnsPid: number): Promise<AttachedNetwork | undefined> {
  const provider = providerFor(target.rootDir);
  if (!provider) return undefined;
  const nics = await provider.nics(target.vmid);
  // Without the option the NICs are a courtesy (no iproute2, no NICs): never a reason not to start.
  if (!provider.bridge) {
    await addUnpluggedNics(nics, netnsPid).catch(() => {});
    return undefined;
  }
  const hostEnds: string[] = [];
  for (const [i, nic] of nics.entries()) {
    const host = hostVethName(provider.bridge, target.vmid, i);
    hostEnds.push(host);
    // A stale end from an init that died uncleanly would block the name.
    await ip(['link', 'del', host]).catch(() => {});
    await ip(['link', 'add', host, 'type', 'veth', 'peer', 'name', nic.name, ...(nic.hwaddr ? ['address', nic.hwaddr] : []), 'netns', String(netnsPid)]);
    await ip(['link', 'set', host, 'master', provider.bridge, 'up']);
    await ip(['addr', 'add', nic.cidr, 'dev', nic.name], netnsPid);
    await ip(['link', 'set', nic.name, 'up'], netnsPid);
    if (nic.gateway && i === nics.findIndex((n) => n.gateway)) await ip(['route', 'add', 'default', 'via', nic.gateway, 'dev', nic.name, 'onlink'], netnsPid);
  }
  let forwarder: ChildProcess | undefined;
  if (provider.loopbackDir && provider.loopbackPorts.length > 0) {
    const t = hostTools();
    forwarder = spawn(t.nsenter, [`--net=/proc/${netnsPid}/ns/net`, '--', process.execPath, FORWARDER, provider.loopbackDir, ...provider.loopbackPorts.map(String)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    // Listening before anything runs in the container.
    await new Promise<void>((resolve, reject) => {
      forwarder?.stdout?.once('data', () => resolve());
      forwarder?.once('close', (code) => reject(new Error(`kiln-sim: the loopback forwarder of CT ${target.vmid} ended (${String(code)})`)));
    });
  }
  let detached: Promise<void> | undefined;
  return {
    detach: () =>
      (detached ??= (async () => {
        if (forwarder?.pid !== undefined && forwarder.exitCode === null) {
          try {
            process.kill(-forwarder.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        // The kernel drops a veth pair with its network namespace, but asynchronously: a stopped
        // container's NICs must be off the bridge when the stop task ends, as LXC removes them.
        for (const host of hostEnds) await ip(['link', 'del', host]).catch(() => {});
      })()),
  };
}

/** Each NIC a veth whose other end stays in the container: the address works from inside only. */
async function addUnpluggedNics(nics: GuestNic[], netnsPid: number): Promise<void> {
  for (const [i, nic] of nics.entries()) {
    await ip(['link', 'add', nic.name, ...(nic.hwaddr ? ['address', nic.hwaddr] : []), 'type', 'veth', 'peer', 'name', `kiln-peer${i}`], netnsPid);
    await ip(['addr', 'add', nic.cidr, 'dev', nic.name], netnsPid);
    await ip(['link', 'set', nic.name, 'up'], netnsPid);
  }
}

export interface HostBridge {
  name: string;
  /** Second octet of the simulator's guest subnets (100 + k). */
  octet: number;
  /** Adds a gateway address (`10.100.10.1/24`) once. */
  addGateway(cidr: string): Promise<void>;
  close(): Promise<void>;
}

/** Claims the first free `kilnsim<k>` bridge (creating it is the lock) and brings it up. */
export async function claimHostBridge(): Promise<HostBridge> {
  for (let k = 0; k < 100; k++) {
    const name = `kilnsim${k}`;
    try {
      await ip(['link', 'add', 'name', name, 'type', 'bridge']);
    } catch {
      continue;
    }
    await ip(['link', 'set', name, 'up']);
    const added = new Set<string>();
    return {
      name,
      octet: 100 + k,
      async addGateway(cidr) {
        if (added.has(cidr)) return;
        added.add(cidr);
        await ip(['addr', 'add', cidr, 'dev', name]).catch(() => {});
      },
      async close() {
        await ip(['link', 'del', name]).catch(() => {});
      },
    };
  }
  throw new Error('kiln-sim: no free host bridge kilnsim0..kilnsim99 for guest networking');
}

export interface LoopbackRelay {
  dir: string;
  close(): Promise<void>;
}

/** Unix sockets `<dir>/<port>.sock` that relay to the host's 127.0.0.1:<port>. */
export async function startLoopbackRelay(ports: readonly number[]): Promise<LoopbackRelay> {
  // A short path: Unix socket paths are limited to 107 bytes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-lb-'));
  const open = new Set<net.Socket>();
  const servers = await Promise.all(
    ports.map(
      (port) =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer((inbound) => {
            const outbound = net.connect(port, '127.0.0.1');
            for (const s of [inbound, outbound]) {
              open.add(s);
              s.on('close', () => open.delete(s));
            }
            inbound.pipe(outbound).pipe(inbound);
            inbound.on('error', () => outbound.destroy());
            outbound.on('error', () => inbound.destroy());
          });
          server.once('error', reject);
          server.listen(path.join(dir, `${port}.sock`), () => resolve(server));
        }),
    ),
  );
  return {
    dir,
    async close() {
      for (const s of open) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
