/**
 * The seam between the simulator's API side (cluster state, tasks) and its SSH side (`pct`).
 * The API side implements it; the SSH side only reads containers through it and changes config
 * the way `pct set` (as root) would.
 */
export interface SimContainerInfo {
  vmid: number;
  node: string;
  hostname: string;
  status: 'running' | 'stopped';
  /** PVE config lock (`create`, `backup`, ...), when the container is locked. */
  lock?: string;
  unprivileged: boolean;
  /** Absolute path of this container's own filesystem tree (its `/`). */
  rootDir: string;
  /** Raw config keys as PVE stores them (`net0`, `features`, `memory`, ...), values as strings. */
  config: Readonly<Record<string, string>>;
}

export interface SimClusterView {
  readonly nodeNames: readonly string[];
  getContainer(vmid: number): SimContainerInfo | undefined;
  /**
   * Apply a config change as root (`pct set`): root-only options are allowed here.
   * Throws an Error whose message is PVE's text on invalid input (e.g. `400 Parameter verification failed.`).
   */
  setContainerConfig(vmid: number, changes: Record<string, string>, deletes: readonly string[]): void;
  /** `pct start` / `pct stop` as root. Reject with PVE's message (`CT 101 already running`). */
  startContainer(vmid: number): Promise<void>;
  stopContainer(vmid: number): Promise<void>;
  /**
   * Makes sure the container's `rootDir` exists before anything runs in it. Seeded containers get
   * their filesystem tree lazily (hundreds of them would cost minutes and gigabytes up front);
   * call this before `pct exec/enter/push/pull`. Resolves at once when the tree is there.
   */
  prepareContainer?(vmid: number): Promise<void>;
  /**
   * Who answers ARP for `ip` on the nodes' `bridge` (one L2 segment for the whole cluster): the
   * MAC of a running guest with that IPv4 address there (a container's net config or DHCP lease,
   * a VM's agent-reported address). `arping` on a node asks this.
   */
  arpNeighbour?(bridge: string, ip: string): string | undefined;
}
