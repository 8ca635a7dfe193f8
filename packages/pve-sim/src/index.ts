import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allRoutes } from './api/routes';
import { DEFAULT_TOKENS, resolveTokens, type TokenOption } from './auth/tokens';
import { poolOfPath } from './state/pools';
import { BackupScheduler } from './jobs/scheduler';
import type { SimClusterView } from './cluster-view';
import { ClusterViewImpl } from './cluster-view-impl';
import { Dispatcher } from './http/dispatch';
import { claimGuestBridge, startGuestNetwork, type GuestNetwork, type GuestNetworkOptions } from './guest-network';
import { sandboxMode } from './sandbox';
import { packageRepository, type PackageRepository } from './sandbox/package-repo';
import { FailureInjector, type FailureRule, RequestLog } from './http/failures';
import { startApiServer } from './http/server';
import { sandbox } from './integrations';
import { loadOrCreateHostKey, type NodeSshServer, startNodeSshServer } from './ssh';
import { loadApiIndex } from './schema/api-index';
import { addVm, seedVms, setVmAgent, type VmSpec } from './qemu/add';
import { Sim } from './sim';
import { emptyState, reconcileNodes } from './state/bootstrap';
import { leaseAddresses } from './state/network';
import { seedContainers } from './state/seed';
import { StorageService, setLocalHoldsContainers } from './state/storage';
import { StateStore } from './state/store';
import { type TaskFailureRule, TaskManager } from './state/tasks';
import { loadOrCreateNodeTls } from './tls/certificates';

export type { SimClusterView, SimContainerInfo } from './cluster-view';
export type { TokenOption } from './auth/tokens';
export type { GuestNetworkOptions } from './guest-network';
export type { FailureRule } from './http/failures';
export type { PackageFamily, PackageRepository, PublishedPackage } from './sandbox/package-repo';
export type { VmSpec } from './qemu/add';
export type { TaskFailureRule } from './state/tasks';
export { KILN_BACKUP_PRIVILEGES, KILN_ROLE, PRIVILEGE_PRESETS, parsePrivilegeSpec } from './auth/privileges';

export interface SimulatorOptions {
  /** State (JSON), TLS cert/key and SSH host keys live here; state survives restarts. */
  dataDir: string;
  apiHost?: string;
  /** Default 8006; 0 picks a free port. */
  apiPort?: number;
  /** First node's SSH port; node i gets sshPort+i (0 = random each). Default 2222. */
  sshPort?: number;
  /** Default `['pve1']`; several make one cluster. */
  nodes?: string[];
  /** The cluster's name (`/cluster/status`), only when the data dir is new (default `kiln-sim`). */
  clusterName?: string;
  /** Containers created per node, only when the data dir is new. */
  seedContainersPerNode?: number;
  /** QEMU VMs (state only) added per node, only when the data dir is new; every fourth has its agent off. */
  seedVmsPerNode?: number;
  tokens?: TokenOption[];
  rootPassword?: string;
  /** How long tasks run: `vzcreate` uses it as given, others at most 500 ms (default 2000). */
  taskDurationMs?: number;
  /** Delay of 401 answers (PVE: 3000). */
  authFailureDelayMs?: number;
  /** Added to every API request. */
  latencyMs?: number;
  ssh?: boolean;
  /** `pvestatd` broadcast period: a new container is `unknown` until the next one (PVE: 10000). */
  statusIntervalMs?: number;
  /** pvescheduler's period for backup jobs (PVE: 60000; 0 = only `runDueBackupJobs`). */
  schedulerIntervalMs?: number;
  /**
   * `local` (a `dir` storage) also holds container volumes, like a node whose admin added
   * `rootdir` to it: containers on it get raw files, which cannot be snapshot. Process-wide.
   */
  localRootdir?: boolean;
  /** The scheduler's time source (default `Date.now`): tests move it instead of waiting. */
  clock?: () => number;
  /**
   * Give running containers a real network (root + namespace sandbox only): their addresses
   * (10.<100+k>.x.y, as `.../interfaces` reports them) are reachable from the host through a
   * bridge the simulator adds, and `loopbackPorts` of the host's 127.0.0.1 are reachable at the
   * container's own 127.0.0.1. Off by default.
   */
  guestNetwork?: GuestNetworkOptions;
}

export interface Simulator {
  apiUrl: string;
  apiPort: number;
  /** SHA-256 of the leaf certificate, `AB:CD:...`. */
  tlsFingerprint: string;
  tokens: Array<{ id: string; secret: string; header: string }>;
  nodes: Array<{ name: string; sshPort: number; sshHostKeyFingerprint: string }>;
  /** Root password of the nodes' SSH servers. */
  rootPassword: string;
  /** Requests seen by the API; `path` is relative to `/api2/json` (e.g. `/cluster/resources`). */
  requestLog: { count(filter?: { method?: string; path?: string | RegExp }): number; reset(): void };
  injectFailure(rule: FailureRule): void;
  setTaskFailure(rule: TaskFailureRule): void;
  view: SimClusterView;
  /** One pvescheduler tick now (by `clock`): runs due backup jobs, returns their vzdump UPIDs. */
  runDueBackupJobs(): string[];
  /** One `pvestatd` round now, as the timer would do it (tests that must not race the timer). */
  broadcastStatus(): void;
  /** Testing: adds a QEMU VM (state only, no process); returns its VMID. Listed after the next broadcast. */
  addVm(spec?: VmSpec): number;
  /** Testing: whether a VM's guest agent answers, and the addresses it reports. */
  setVmAgent(vmid: number, change: { running?: boolean; ips?: string[] }): void;
  /**
   * Testing: the workload inside a container uses this share of its swap (0..1) while it runs.
   * PVE then reports it through its normal endpoints (`swap` of `/nodes/{node}/lxc` and `.../status/current`).
   */
  setContainerSwap(vmid: number, share: number): void;
  /**
   * Testing: files written to a storage outside PVE's volumes (bytes, may be negative to free
   * space): `disk` of `/cluster/resources` and `.../storage/{storage}/status` grow with them.
   */
  fillStorage(node: string, storage: string, bytes: number): void;
  /** Testing: a node drops out of the cluster (or comes back): `/cluster/resources` lists it `offline`, its guests `unknown`. */
  setNodeOnline(node: string, online: boolean): void;
  /** With the `guestNetwork` option: the host bridge and the subnets' second octet. */
  guestNetwork?: { bridge: string; subnetOctet: number };
  /** The package repositories containers upgrade from: publish newer versions (PACKAGES.md). */
  packages: PackageRepository;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const index = loadApiIndex();
  const store = StateStore.open(dataDir, emptyState);
  const state = store.state;
  if (store.isNew && opts.clusterName) state.clusterName = opts.clusterName;
  const now = Date.now();
  if (opts.localRootdir !== undefined) setLocalHoldsContainers(opts.localRootdir);
  const storage = new StorageService(store);
  reconcileNodes(state, storage, opts.nodes && opts.nodes.length > 0 ? opts.nodes : ['pve1'], now);

  const { acl, tokens } = resolveTokens(opts.tokens ?? DEFAULT_TOKENS, state.tokenSecrets);
  const rootPassword = opts.rootPassword ?? (state.rootPassword ??= randomBytes(12).toString('base64url'));
  store.markDirty();

  const createMs = opts.taskDurationMs ?? 2000;
  const bridge = opts.guestNetwork ? await claimGuestBridge() : undefined;
  acl.setPoolResolver((path) => poolOfPath(state, path));
  const sim = new Sim(store, index, acl, new TaskManager(store), storage, sandbox, {
    dataDir,
    createTaskMs: createMs,
    taskMs: Math.min(createMs, 500),
    statusIntervalMs: opts.statusIntervalMs ?? 10_000,
    ...(bridge ? { subnetOctet: bridge.octet } : {}),
  });
  if (store.isNew && (opts.seedContainersPerNode ?? 0) > 0) seedContainers(sim, opts.seedContainersPerNode ?? 0, now);
  if (store.isNew && (opts.seedVmsPerNode ?? 0) > 0) seedVms(sim, opts.seedVmsPerNode ?? 0);
  let guestNetwork: GuestNetwork | undefined;
  if (sandboxMode() === 'namespaces') guestNetwork = await startGuestNetwork(sim, bridge, opts.guestNetwork);
  // Leases from an earlier run may come from another claimed subnet.
  if (bridge) for (const ct of sim.containers()) if (ct.status === 'running') leaseAddresses(ct, sim.containers(), bridge.octet);

  const local = sim.localNode;
  const tls = loadOrCreateNodeTls(dataDir, local.name, local.ip);
  const failures = new FailureInjector();
  const requestLog = new RequestLog();
  const clock = opts.clock ?? Date.now;
  const dispatcher = new Dispatcher(
    sim,
    allRoutes(() => tls.fingerprint, clock),
    failures,
  );
  const scheduler = new BackupScheduler(sim, clock, opts.schedulerIntervalMs ?? 60_000);
  const apiHost = opts.apiHost ?? '127.0.0.1';
  const { server, port } = await startApiServer({
    host: apiHost,
    port: opts.apiPort ?? 8006,
    key: tls.key,
    cert: tls.cert,
    latencyMs: opts.latencyMs ?? 0,
    authFailureDelayMs: opts.authFailureDelayMs ?? 3000,
    dispatcher,
    requestLog,
  });

  const view = new ClusterViewImpl(sim);
  const sshServers: NodeSshServer[] = [];
  const nodes: Simulator['nodes'] = [];
  try {
    for (const [i, node] of state.nodes.entries()) {
      if (opts.ssh === false) {
        nodes.push({ name: node.name, sshPort: 0, sshHostKeyFingerprint: '' });
        continue;
      }
      const base = opts.sshPort ?? 2222;
      const srv = await startNodeSshServer({
        view,
        node: node.name,
        host: apiHost,
        port: base === 0 ? 0 : base + i,
        hostKey: await loadOrCreateHostKey(dataDir, node.name),
        rootPassword,
        authorizedKeysFile: join(dataDir, 'authorized_keys'),
        latencyMs: opts.latencyMs ?? 0,
      });
      sshServers.push(srv);
      nodes.push({ name: node.name, sshPort: srv.port, sshHostKeyFingerprint: srv.hostKeyFingerprint });
    }
  } catch (err) {
    await Promise.all(sshServers.map((s) => s.close()));
    server.close();
    server.closeAllConnections();
    await sim.close();
    await guestNetwork?.close();
    throw err;
  }
  sim.startStatusLoop();
  scheduler.start();

  let closed = false;
  return {
    apiUrl: `https://${apiHost.includes(':') ? `[${apiHost}]` : apiHost}:${port}/api2/json`,
    apiPort: port,
    tlsFingerprint: tls.fingerprint,
    tokens,
    nodes,
    rootPassword,
    requestLog,
    injectFailure: (rule) => failures.add(rule),
    setTaskFailure: (rule) => sim.tasks.addFailure(rule),
    view,
    runDueBackupJobs: () => scheduler.tick(),
    broadcastStatus: () => sim.broadcast(Date.now()),
    packages: packageRepository(dataDir),
    addVm: (spec = {}) => addVm(sim, spec).vmid,
    setVmAgent: (vmid, change) => setVmAgent(sim, vmid, change),
    setContainerSwap: (vmid, share) => {
      const ct = sim.container(vmid);
      if (!ct) throw new Error(`no CT ${vmid}`);
      ct.swapShare = share;
      sim.markDirty();
    },
    fillStorage: (node, storage, bytes) => {
      const byNode = ((state.storageFill ??= {})[node] ??= {});
      byNode[storage] = Math.max(0, (byNode[storage] ?? 0) + bytes);
      sim.markDirty();
    },
    setNodeOnline: (node, online) => {
      const n = sim.node(node);
      if (!n) throw new Error(`no node ${node}`);
      if (online) delete n.offline;
      else n.offline = true;
      sim.markDirty();
    },
    ...(guestNetwork?.bridge ? { guestNetwork: { bridge: guestNetwork.bridge, subnetOctet: guestNetwork.subnetOctet } } : {}),
    close: async () => {
      if (closed) return;
      closed = true;
      scheduler.stop();
      await Promise.all(sshServers.map((s) => s.close()));
      await new Promise<void>((res) => {
        server.close(() => res());
        server.closeAllConnections();
      });
      await sim.close();
      await guestNetwork?.close();
    },
  };
}
