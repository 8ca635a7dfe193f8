import { join } from 'node:path';
import type { AccessControl } from './auth/access-control';
import { pveDie } from './http/errors';
import type { SandboxModule } from './integrations';
import { containerFacts } from './lxc/facts';
import { vmFacts } from './qemu/facts';
import type { ApiIndex } from './schema/api-index';
import type { StorageService } from './state/storage';
import type { StateStore } from './state/store';
import type { TaskManager } from './state/tasks';
import type { ContainerRecord, NodeRecord, PersistedState, VmRecord } from './state/types';

export interface SimSettings {
  dataDir: string;
  /** How long `vzcreate` runs. */
  createTaskMs: number;
  /** How long other tasks (start, stop, destroy, download...) run. */
  taskMs: number;
  /** `pvestatd` broadcast period: how long a new guest stays `unknown`. */
  statusIntervalMs: number;
  /** Second octet of the DHCP subnets (10.<octet>.<bridge>.0/24); 10 unless guest networking claimed one. */
  subnetOctet?: number;
}

/** `lock_config`'s flock timeout. */
const CONFIG_LOCK_TIMEOUT_MS = 10_000;

/** The simulated cluster: state, services and the lookups every API handler needs. */
export class Sim {
  readonly state: PersistedState;
  private statusTimer: NodeJS.Timeout | undefined;
  /** Config file flocks (`lock_config`) held by running workers, by VMID. */
  private readonly flocks = new Map<number, Promise<unknown>>();
  private readonly rootfsJobs = new Map<number, Promise<void>>();

  constructor(
    readonly store: StateStore,
    readonly index: ApiIndex,
    readonly acl: AccessControl,
    readonly tasks: TaskManager,
    readonly storage: StorageService,
    readonly sandbox: SandboxModule,
    readonly settings: SimSettings,
  ) {
    this.state = store.state;
  }

  /** The node pveproxy runs on: requests for other nodes are "proxied" to them. */
  get localNode(): NodeRecord {
    const first = this.state.nodes[0];
    if (!first) throw new Error('simulator has no nodes');
    return first;
  }

  node(name: string): NodeRecord | undefined {
    return this.state.nodes.find((n) => n.name === name);
  }

  /** `remote_node_ip` for `proxyto`: unknown nodes fail the hostname lookup like on PVE. */
  proxyNode(name: string): NodeRecord {
    const node = this.node(name);
    if (!node) throw pveDie(`hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`);
    return node;
  }

  containers(): ContainerRecord[] {
    return Object.values(this.state.containers);
  }

  container(vmid: number): ContainerRecord | undefined {
    return this.state.containers[String(vmid)];
  }

  containersOn(node: string): ContainerRecord[] {
    return this.containers().filter((c) => c.node === node);
  }

  vms(): VmRecord[] {
    return Object.values(this.state.vms ?? {});
  }

  vm(vmid: number): VmRecord | undefined {
    return this.state.vms?.[String(vmid)];
  }

  vmsOn(node: string): VmRecord[] {
    return this.vms().filter((v) => v.node === node);
  }

  /** Whether a container or a VM holds `vmid` anywhere in the cluster. */
  vmidTaken(vmid: number): boolean {
    return this.container(vmid) !== undefined || this.vm(vmid) !== undefined;
  }

  /** `PVE::QemuConfig->load_config` as run on `node`. */
  loadVmConfig(node: string, vmid: number | string): VmRecord {
    const vm = this.state.vms?.[String(vmid)];
    if (!vm || vm.node !== node) throw pveDie(`Configuration file 'nodes/${node}/qemu-server/${vmid}.conf' does not exist`);
    return vm;
  }

  /** `PVE::LXC::Config->load_config` as run on `node`: the config must live on that node. */
  loadConfig(node: string, vmid: number | string): ContainerRecord {
    const ct = this.state.containers[String(vmid)];
    if (!ct || ct.node !== node) throw pveDie(`Configuration file 'nodes/${node}/lxc/${vmid}.conf' does not exist`);
    return ct;
  }

  /** `check_running` on `node`. */
  isRunningOn(node: string, vmid: number): boolean {
    const ct = this.container(vmid);
    return ct !== undefined && ct.node === node && ct.status === 'running';
  }

  /** `PVE::Cluster::check_vmid_unused`. */
  assertVmidUnused(vmid: number): void {
    const ct = this.container(vmid);
    if (ct) throw pveDie(`CT ${vmid} already exists on node '${ct.node}'`);
    const vm = this.vm(vmid);
    if (vm) throw pveDie(`VM ${vmid} already exists on node '${vm.node}'`);
  }

  /** A worker holds the config flock of `vmid` until `until` settles (create, destroy). */
  holdConfigLock(vmid: number, until: Promise<unknown>): void {
    const held = until.finally(() => {
      if (this.flocks.get(vmid) === held) this.flocks.delete(vmid);
    });
    this.flocks.set(vmid, held);
  }

  /**
   * `lock_config`: waits while another worker holds the container's config flock, and gives up
   * like PVE after 10 seconds.
   */
  async waitConfigLock(vmid: number): Promise<void> {
    const held = this.flocks.get(vmid);
    if (!held) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CONFIG_LOCK_TIMEOUT_MS);
      timer.unref();
    });
    const outcome = await Promise.race([
      held.then(
        () => 'free' as const,
        () => 'free' as const,
      ),
      timeout,
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') throw pveDie(`can't lock file '/run/lock/lxc/pve-config-${vmid}.lock' - got timeout`);
  }

  rootDir(vmid: number): string {
    return join(this.settings.dataDir, 'rootfs', String(vmid));
  }

  /**
   * Lays out the filesystem tree of a container that has none yet (seeded ones), once; a running
   * container's guest services come up as if it had just booted.
   */
  ensureRootfs(vmid: number): Promise<void> {
    const ct = this.container(vmid);
    if (!ct || ct.rootfsReady !== false) return Promise.resolve();
    let job = this.rootfsJobs.get(vmid);
    if (!job) {
      const target = { vmid, rootDir: this.rootDir(vmid), hostname: ct.config['hostname'] || `CT${vmid}` };
      job = (async () => {
        await this.sandbox.createRootfs(target.rootDir, { hostname: target.hostname, ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' });
        ct.rootfsReady = true;
        this.markDirty();
        if (ct.status === 'running') await this.sandbox.started(target);
      })().finally(() => this.rootfsJobs.delete(vmid));
      this.rootfsJobs.set(vmid, job);
    }
    return job;
  }

  markDirty(): void {
    this.store.markDirty();
  }

  /** Starts the periodic status broadcast (`pvestatd`). */
  startStatusLoop(): void {
    this.broadcast(Date.now());
    this.statusTimer = setInterval(() => this.broadcast(Date.now()), this.settings.statusIntervalMs);
    this.statusTimer.unref();
  }

  /** One `pvestatd` round: every guest's status reaches the cluster (and its RRD file). */
  broadcast(now: number): void {
    for (const ct of this.containers()) {
      ct.firstSampleAt ??= now;
      const facts = containerFacts(ct, this.node(ct.node));
      ct.sample = { at: now, status: ct.status, name: facts.name, template: facts.template ? 1 : 0 };
    }
    for (const vm of this.vms()) {
      vm.firstSampleAt ??= now;
      const facts = vmFacts(vm);
      vm.sample = { at: now, status: vm.status, name: facts.name, template: facts.template ? 1 : 0 };
    }
    this.store.markDirty();
  }

  /**
   * Stops the status loop, kills or awaits task workers, waits for root filesystems being laid
   * out, and writes the state a last time: afterwards nothing touches the data dir.
   */
  async close(): Promise<void> {
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.statusTimer = undefined;
    await this.tasks.close();
    while (this.rootfsJobs.size > 0) await Promise.allSettled([...this.rootfsJobs.values()]);
    // Running containers' namespaces (and the daemons in them) end with the simulator.
    await this.sandbox.stopAll(join(this.settings.dataDir, 'rootfs'));
    this.store.close();
  }
}

/** `check_lock`: a locked container refuses most operations. */
export function assertNotLocked(ct: ContainerRecord): void {
  const lock = ct.config['lock'];
  if (lock) throw pveDie(`CT is locked (${lock})`);
}
