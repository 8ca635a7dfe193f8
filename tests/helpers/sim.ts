import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type GuestNetworkOptions, type Simulator } from '@kiln/pve-sim';

export type { Simulator };

/** A fresh simulated 3-node cluster on random ports, with a full-privilege and a weak token. */
export async function startTestSim(
  opts: {
    nodes?: string[];
    seed?: number;
    taskDurationMs?: number;
    localRootdir?: boolean;
    /** The first token's (Kiln's) privileges instead of the simulator's default role. */
    kilnPrivileges?: Record<string, string[]>;
    tokens?: { id: string; privileges?: Record<string, string[]> }[];
    /** Reachable container addresses and host loopback ports inside (see the pve-sim README). */
    guestNetwork?: GuestNetworkOptions;
    /** Where the state and the containers' root file systems live (`<dataDir>/rootfs/<vmid>`); a fresh temp dir by default. */
    dataDir?: string;
    /** PVE's cluster name (default `kiln-sim`): two simulators one user registers need different ones. */
    clusterName?: string;
  } = {},
): Promise<Simulator> {
  return startSimulator({
    dataDir: opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'kiln-sim-')),
    apiPort: 0,
    sshPort: 0,
    nodes: opts.nodes ?? ['pve1', 'pve2', 'pve3'],
    seedContainersPerNode: opts.seed ?? 3,
    taskDurationMs: opts.taskDurationMs ?? 300,
    authFailureDelayMs: 50,
    statusIntervalMs: 500,
    tokens: [
      { id: 'kiln@pve!kiln', ...(opts.kilnPrivileges ? { privileges: opts.kilnPrivileges } : {}) },
      { id: 'audit@pve!ro', privileges: { '/': ['VM.Audit', 'Sys.Audit', 'Datastore.Audit'] } },
      ...(opts.tokens ?? []),
    ],
    ...(opts.localRootdir !== undefined ? { localRootdir: opts.localRootdir } : {}),
    ...(opts.guestNetwork ? { guestNetwork: opts.guestNetwork } : {}),
    ...(opts.clusterName ? { clusterName: opts.clusterName } : {}),
  });
}

/** The node form's values for this simulator (as a user would type them). */
export function simNodeForm(sim: Simulator, overrides: Record<string, unknown> = {}) {
  const token = sim.tokens[0]!;
  return {
    name: 'homelab',
    host: '127.0.0.1',
    apiPort: sim.apiPort,
    tokenId: token.id,
    tokenSecret: token.secret,
    tlsMode: 'pinned',
    sshHost: '127.0.0.1',
    sshPort: sim.nodes[0]!.sshPort,
    sshUser: 'root',
    sshAuth: 'password',
    sshPassword: sim.rootPassword,
    ...overrides,
  };
}

/** Registers the simulator through the web app's action, certificate trusted; returns the node id. */
export async function addSimNodeOverHttp(web: { action<T>(name: string, input: unknown): Promise<{ data?: T; raw: string }> }, sim: Simulator, name: string): Promise<string> {
  const saved = await web.action<{ saved: boolean; nodeId: string }>('saveNodeAction', simNodeForm(sim, { name, trustFingerprint: sim.tlsFingerprint }));
  if (!saved.data?.saved) throw new Error(`could not register the simulator as ${name}: ${saved.raw.slice(0, 300)}`);
  return saved.data.nodeId;
}
