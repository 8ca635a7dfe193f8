/** Everything the simulator persists in `<dataDir>/state.json`. */
export interface PersistedState {
  version: 1;
  clusterName: string;
  nodes: NodeRecord[];
  /** By VMID (as a string key). Unique across the cluster. */
  containers: Record<string, ContainerRecord>;
  /** node -> storage id -> volumes. */
  volumes: Record<string, Record<string, VolumeRecord[]>>;
  /** node -> tasks, oldest first. */
  tasks: Record<string, TaskRecord[]>;
  /** token id -> secret (stable across restarts). */
  tokenSecrets: Record<string, string>;
  /** Last PID handed out per node (task workers). */
  lastPid: Record<string, number>;
  /** Generated root password of the nodes' SSH servers (when none is given). */
  rootPassword?: string;
  /** `/etc/pve/jobs.cfg` vzdump jobs by id, with their state file's last run. */
  backupJobs?: Record<string, BackupJobRecord>;
  /** `user.cfg` resource pools by id. */
  pools?: Record<string, PoolRecord>;
  /** QEMU VMs by VMID (state only: no processes run). VMIDs are unique across containers and VMs. */
  vms?: Record<string, VmRecord>;
  /** Testing: bytes written to a storage outside PVE-managed volumes (ISOs, dumps, other files), node -> storage -> bytes. */
  storageFill?: Record<string, Record<string, number>>;
}

/** What the QEMU guest agent inside a VM reports about one interface (`network-get-interfaces`). */
export interface GuestAgentInterface {
  name: string;
  mac: string;
  /** `10.10.0.5/24`, `fd00::5/64`. */
  addresses: string[];
}

/**
 * A QEMU VM: its `qemu-server/<vmid>.conf` keys and run state. Shares the run bookkeeping of
 * containers (runs, samples) so RRD data and stats come from the same model.
 */
export interface VmRecord {
  vmid: number;
  node: string;
  config: Record<string, string>;
  status: PowerState;
  /** QMP status `paused` (suspended to RAM): `status` stays `running`. */
  paused?: boolean;
  startedAt?: number;
  createdAt: number;
  firstSampleAt?: number;
  sample?: StatusSample;
  runs: Array<[number, number | null]>;
  pid?: number;
  /** Whether `qemu-ga` answers inside the guest while it runs (the config's `agent` is separate). */
  agentRunning: boolean;
  /** The guest's interfaces as its agent reports them (besides `lo`). */
  agentInterfaces: GuestAgentInterface[];
  /** The config file's `[snapname]` sections; the current config's `parent` lives in `config`. */
  snapshots?: Record<string, SnapshotRecord>;
}

/** A `pool:` line of `user.cfg`: its comment and members (a guest is in at most one pool). */
export interface PoolRecord {
  comment?: string;
  /** Guest VMIDs, also of guests destroyed without `purge` (PVE keeps them until then). */
  vms: number[];
  storage: string[];
}

export interface BackupJobRecord {
  /** The job's options as stored (`schedule`, `storage`, `vmid`, `prune-backups`...), booleans 1/0. */
  config: Record<string, string>;
  /** ms since the epoch: creation, then each run's start (next runs are computed from it). */
  lastRun: number;
  lastUpid?: string;
}

export interface NodeRecord {
  name: string;
  ip: string;
  /** Node boot time, ms since the epoch (uptime and task `pstart` derive from it). */
  bootTime: number;
  cpus: number;
  cpuModel: string;
  memTotal: number;
  rootTotal: number;
  /** Testing: the node dropped out of the cluster (powered off, network gone); its pvestatd sends nothing. */
  offline?: boolean;
}

export type PowerState = 'running' | 'stopped';

/** The last status broadcast (`pvestatd`) about a guest: what `/cluster/resources` shows. */
export interface StatusSample {
  at: number;
  status: PowerState;
  name: string;
  template: 0 | 1;
}

export interface ContainerRecord {
  vmid: number;
  node: string;
  /** Raw config as PVE stores it (`key: value` lines), values as strings. */
  config: Record<string, string>;
  status: PowerState;
  /** ms since the epoch; set while running. */
  startedAt?: number;
  /** When the config first appeared. */
  createdAt: number;
  /** First status broadcast after creation: from then on RRD data exists. */
  firstSampleAt?: number;
  sample?: StatusSample;
  /** Running intervals [start, end|null] in ms, newest last (for RRD gaps). */
  runs: Array<[number, number | null]>;
  /** DHCP leases while running: `net0` -> `10.10.0.101/24`. */
  leases: Record<string, string>;
  pid?: number;
  /** False while the container's filesystem tree has not been laid out yet (seeded containers). */
  rootfsReady?: boolean;
  /** The config file's `[snapname]` sections; the current config's `parent` lives in `config`. */
  snapshots?: Record<string, SnapshotRecord>;
  /** `[pve:pending]`: changes a running container takes at its next stop (values as stored). */
  pending?: Record<string, string>;
  /** Keys whose removal is pending. */
  pendingDelete?: string[];
  /** Testing: the share of its swap the workload inside uses while running (0..1); none by default. */
  swapShare?: number;
}

/** One `[snapname]` section of a guest's config. */
export interface SnapshotRecord {
  /** The container's config when the snapshot was taken (`parent` included, no `lock`/`description`). */
  config: Record<string, string>;
  /** Seconds since the epoch. */
  snaptime: number;
  description?: string;
  /** Set while the snapshot is being taken (`prepare`) or removed (`delete`). */
  snapstate?: 'prepare' | 'delete';
}

export interface VolumeRecord {
  /** `vztmpl/debian-12-standard_12.7-1_amd64.tar.zst` or `vm-101-disk-0`. */
  volname: string;
  content: 'vztmpl' | 'rootdir' | 'images' | 'iso' | 'backup';
  format: string;
  size: number;
  ctime: number;
  vmid?: number;
  /** Backups: the guest type (`lxc` or `qemu`), the first line of the `.notes` file, a `.protected` file. */
  subtype?: 'lxc' | 'qemu';
  notes?: string;
  protected?: boolean;
}

export interface TaskRecord {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
  status: 'running' | 'stopped';
  exitstatus?: string;
  endtime?: number;
  log: string[];
}
