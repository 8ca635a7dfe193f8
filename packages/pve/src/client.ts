import { inspect } from 'node:util';
import { z } from 'zod';
import { resolveClientConfig, type PveClientOptions } from './client-options';
import { apiPath as p, type Params } from './encode';
import { isPveError } from './errors';
import { lxcConfigSchema, type LxcConfig } from './lxc/config';
import { lxcConfigParams, lxcCreateParams, type LxcConfigUpdate, type LxcCreateOptions } from './lxc/options';
import { parseAnswer, parseInput } from './parse';
import { privilegeReport, type PrivilegeReport } from './privileges';
import { permissionsSchema, type PvePermissions } from './schemas/access';
import * as cluster from './schemas/cluster';
import * as day2 from './schemas/day2';
import * as lxc from './schemas/lxc';
import * as qemu from './schemas/qemu';
import { rrdDataSchema, type RrdPoint } from './schemas/rrd';
import * as storage from './schemas/storage';
import * as tasks from './schemas/tasks';
import { isUpid, parseUpid } from './tasks/upid';
import { waitForTask, type TaskResult, type WaitForTaskOptions } from './tasks/wait';
import { Transport, type CallOptions, type HttpMethod } from './transport';

/** Per-call controls every method accepts last. */
export interface CallControl {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type ResourceFilter = 'vm' | 'node' | 'storage';
export type QemuPowerAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'reset' | 'suspend' | 'resume';
/** The two kinds of guest PVE runs: containers and QEMU VMs (the path segment of their API). */
export type GuestType = 'lxc' | 'qemu';
export type RrdTimeframe = 'hour' | 'day' | 'week' | 'month' | 'year';

export interface TaskFilters {
  start?: number;
  limit?: number;
  vmid?: number;
  typefilter?: string;
  userfilter?: string;
  statusfilter?: string;
  errors?: boolean;
  source?: 'archive' | 'active' | 'all';
  since?: number;
  until?: number;
}

const upidSchema = z.string().refine(isUpid, 'Expected a UPID');

/**
 * Typed Proxmox VE API client for one node (any node of a cluster answers for all of them).
 * Answers are validated and normalized (numbers, booleans, tags); errors are PveError.
 */
export class PveClient {
  readonly baseUrl: string;
  readonly tokenId: string;
  readonly fingerprint: string | undefined;
  readonly #transport: Transport;

  constructor(options: PveClientOptions) {
    const config = resolveClientConfig(options);
    this.baseUrl = config.origin;
    this.tokenId = config.tokenId;
    this.fingerprint = config.fingerprint;
    this.#transport = new Transport(config.transport);
  }

  /** Close pooled connections. The client is unusable afterwards. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  // ---- cluster and nodes ----

  version(ctl?: CallControl) {
    return this.#get('/version', cluster.versionSchema, undefined, ctl);
  }

  nodes(ctl?: CallControl) {
    return this.#get('/nodes', cluster.nodeListSchema, undefined, ctl);
  }

  nodeStatus(node: string, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/status`, cluster.nodeStatusSchema, undefined, ctl);
  }

  clusterStatus(ctl?: CallControl): Promise<cluster.PveClusterStatusEntry[]> {
    return this.#get('/cluster/status', cluster.clusterStatusSchema, undefined, ctl);
  }

  clusterResources(type: 'vm', ctl?: CallControl): Promise<cluster.GuestResource[]>;
  clusterResources(type: 'node', ctl?: CallControl): Promise<cluster.NodeResource[]>;
  clusterResources(type: 'storage', ctl?: CallControl): Promise<cluster.StorageResource[]>;
  clusterResources(type?: ResourceFilter, ctl?: CallControl): Promise<cluster.ClusterResource[]>;
  clusterResources(type?: ResourceFilter, ctl?: CallControl): Promise<cluster.ClusterResource[]> {
    return this.#get('/cluster/resources', cluster.clusterResourcesSchema, { type }, ctl);
  }

  /** Next free VMID; with `wanted`, that VMID if free, else PveError kind `already-exists`. */
  nextId(wanted?: number, ctl?: CallControl): Promise<number> {
    return this.#get('/cluster/nextid', cluster.nextIdSchema, { vmid: wanted }, ctl);
  }

  // ---- storage and templates ----

  storages(node: string, filter: { content?: string; enabled?: boolean } = {}, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/storage`, storage.storageListSchema, filter, ctl);
  }

  storageStatus(node: string, storageId: string, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/storage/${storageId}/status`, storage.storageStatusSchema, undefined, ctl);
  }

  storageContent(node: string, storageId: string, filter: { content?: 'vztmpl' | 'rootdir' | 'images' | 'iso' | 'backup'; vmid?: number } = {}, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/storage/${storageId}/content`, storage.storageContentListSchema, filter, ctl);
  }

  aplinfo(node: string, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/aplinfo`, storage.aplinfoListSchema, undefined, ctl);
  }

  /** Download an appliance template (`aplinfo().template`) to a storage. Returns the task UPID. */
  downloadTemplate(node: string, storageId: string, template: string, ctl?: CallControl): Promise<string> {
    return this.#send('POST', p`/nodes/${node}/aplinfo`, upidSchema, { storage: storageId, template }, ctl);
  }

  /**
   * PVE 9.1+: pull an OCI image from a registry into a file-based storage as a container template
   * (`<storage>:vztmpl/<name>.tar`). Needs `Datastore.AllocateTemplate` on the storage and
   * `Sys.AccessNetwork` on the node. Returns the `download` task's UPID.
   */
  pullOciImage(node: string, storageId: string, reference: string, opts: { filename?: string } = {}, ctl?: CallControl): Promise<string> {
    return this.#send('POST', p`/nodes/${node}/storage/${storageId}/oci-registry-pull`, upidSchema, { reference, filename: opts.filename }, ctl);
  }

  // ---- containers ----

  lxcList(node: string, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/lxc`, lxc.lxcListSchema, undefined, ctl);
  }

  lxcConfig(node: string, vmid: number, ctl?: CallControl): Promise<LxcConfig> {
    return this.#get(p`/nodes/${node}/lxc/${vmid}/config`, lxcConfigSchema, undefined, ctl);
  }

  /** Change config. `digest` (from lxcConfig) makes PVE refuse if someone changed it meanwhile. */
  async lxcSetConfig(node: string, vmid: number, update: LxcConfigUpdate, options: { delete?: readonly string[]; digest?: string } = {}, ctl?: CallControl): Promise<void> {
    const path = p`/nodes/${node}/lxc/${vmid}/config`;
    const params = parseInput(() => lxcConfigParams(update), `PUT ${path}`);
    const body = { ...params, delete: options.delete?.join(','), digest: options.digest };
    await this.#send('PUT', path, z.unknown(), body, ctl);
  }

  lxcStatus(node: string, vmid: number, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/lxc/${vmid}/status/current`, lxc.lxcStatusSchema, undefined, ctl);
  }

  /** Create a container. Returns the `vzcreate` task UPID; follow it with waitForTask. */
  async lxcCreate(node: string, options: LxcCreateOptions, ctl?: CallControl): Promise<string> {
    const path = p`/nodes/${node}/lxc`;
    const params = parseInput(() => lxcCreateParams(options), `POST ${path}`);
    try {
      return await this.#send('POST', path, upidSchema, params, ctl);
    } catch (err) {
      // create_vm checks VM.Allocate on /vms/{vmid} (or the pool) with a bare `raise_perm_exc()`:
      // PVE's 403 then says only "Permission check failed". Every other check in create_vm
      // names its path and privilege, so a bare 403 here means VM.Allocate is missing.
      if (isPveError(err, 'permission') && err.privilege === undefined && /^Permission check failed$/.test(err.message)) {
        const aclPath = options.pool === undefined ? `/vms/${options.vmid}` : `/vms/${options.vmid} or /pool/${options.pool}`;
        throw err.withDetails({ privilege: 'VM.Allocate', aclPath });
      }
      throw err;
    }
  }

  lxcStart(node: string, vmid: number, ctl?: CallControl): Promise<string> {
    return this.#send('POST', p`/nodes/${node}/lxc/${vmid}/status/start`, upidSchema, {}, ctl);
  }

  /** Hard stop. `overruleShutdown` aborts a shutdown task in progress. */
  lxcStop(node: string, vmid: number, options: { overruleShutdown?: boolean } = {}, ctl?: CallControl): Promise<string> {
    const body = { 'overrule-shutdown': options.overruleShutdown };
    return this.#send('POST', p`/nodes/${node}/lxc/${vmid}/status/stop`, upidSchema, body, ctl);
  }

  /** Clean shutdown; `timeout` in seconds, `forceStop` stops hard after it. */
  lxcShutdown(node: string, vmid: number, options: { timeout?: number; forceStop?: boolean } = {}, ctl?: CallControl): Promise<string> {
    return this.#send('POST', p`/nodes/${node}/lxc/${vmid}/status/shutdown`, upidSchema, options, ctl);
  }

  lxcReboot(node: string, vmid: number, options: { timeout?: number } = {}, ctl?: CallControl): Promise<string> {
    return this.#send('POST', p`/nodes/${node}/lxc/${vmid}/status/reboot`, upidSchema, options, ctl);
  }

  /** Delete a (stopped) container. Returns the `vzdestroy` task UPID. */
  lxcDelete(node: string, vmid: number, options: { purge?: boolean; destroyUnreferencedDisks?: boolean; force?: boolean } = {}, ctl?: CallControl): Promise<string> {
    const query = {
      purge: options.purge,
      'destroy-unreferenced-disks': options.destroyUnreferencedDisks,
      force: options.force,
    };
    return this.#send('DELETE', p`/nodes/${node}/lxc/${vmid}`, upidSchema, query, ctl);
  }

  /** Config values with what PVE keeps pending until the container restarts. */
  lxcPending(node: string, vmid: number, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/lxc/${vmid}/pending`, day2.pendingListSchema, undefined, ctl);
  }

  /** Drop pending changes of these keys. */
  async lxcRevertPending(node: string, vmid: number, keys: readonly string[], ctl?: CallControl): Promise<void> {
    await this.#send('PUT', p`/nodes/${node}/lxc/${vmid}/config`, z.unknown(), { revert: keys.join(',') }, ctl);
  }

  /** Grow a disk (`rootfs`, `mpN`): `size` absolute (`8G`) or relative (`+1G`). Returns the `resize` UPID. */
  lxcResize(node: string, vmid: number, options: { disk: string; size: string; digest?: string }, ctl?: CallControl): Promise<string> {
    return this.#send('PUT', p`/nodes/${node}/lxc/${vmid}/resize`, upidSchema, options, ctl);
  }

  // ---- virtual machines (QEMU) ----

  qemuList(node: string, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/qemu`, qemu.qemuListSchema, undefined, ctl);
  }

  qemuStatus(node: string, vmid: number, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/qemu/${vmid}/status/current`, qemu.qemuStatusSchema, undefined, ctl);
  }

  qemuConfig(node: string, vmid: number, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/qemu/${vmid}/config`, qemu.qemuConfigSchema, undefined, ctl);
  }

  /**
   * A power action on a VM; returns the `qm<action>` task UPID. Some refusals come at once as a
   * PveError (`VM 101 not running`), others fail the task (`VM 101 already running`).
   */
  qemuPower(node: string, vmid: number, action: QemuPowerAction, ctl?: CallControl): Promise<string> {
    return this.#send('POST', p`/nodes/${node}/qemu/${vmid}/status/${action}`, upidSchema, {}, ctl);
  }

  /**
   * The guest's interfaces and addresses from its QEMU guest agent. PVE answers 500 when it cannot
   * ask: `No QEMU guest agent configured`, `VM 101 is not running`, `QEMU guest agent is not running`.
   */
  qemuAgentInterfaces(node: string, vmid: number, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/qemu/${vmid}/agent/network-get-interfaces`, qemu.agentInterfacesSchema, undefined, ctl);
  }

  // ---- snapshots (one API over both guest types: `/nodes/{node}/<lxc|qemu>/{vmid}/snapshot`) ----

  /** The snapshot tree; the last entry is `current` (its `parent` is where the guest is). */
  snapshots(type: GuestType, node: string, vmid: number, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/${type}/${vmid}/snapshot`, day2.snapshotListSchema, undefined, ctl);
  }

  /** Returns the `vzsnapshot`/`qmsnapshot` UPID; name rules and storage support are checked by PVE. `vmstate`: a VM's RAM too. */
  snapshotCreate(type: GuestType, node: string, vmid: number, snapname: string, options: { description?: string; vmstate?: boolean } = {}, ctl?: CallControl): Promise<string> {
    const body = { snapname, description: options.description, ...(type === 'qemu' ? { vmstate: options.vmstate } : {}) };
    return this.#send('POST', p`/nodes/${node}/${type}/${vmid}/snapshot`, upidSchema, body, ctl);
  }

  /** The guest's config as it was in the snapshot (plus `snaptime`, `description`). */
  snapshotConfig(type: GuestType, node: string, vmid: number, snapname: string, ctl?: CallControl): Promise<Record<string, unknown>> {
    return this.#get(p`/nodes/${node}/${type}/${vmid}/snapshot/${snapname}/config`, z.record(z.string(), z.unknown()), undefined, ctl);
  }

  async snapshotSetDescription(type: GuestType, node: string, vmid: number, snapname: string, description: string, ctl?: CallControl): Promise<void> {
    await this.#send('PUT', p`/nodes/${node}/${type}/${vmid}/snapshot/${snapname}/config`, z.unknown(), { description }, ctl);
  }

  /** Returns the `vzrollback`/`qmrollback` UPID; a running guest is stopped first, `start` boots it after (a VM snapshot with RAM resumes by itself). */
  snapshotRollback(type: GuestType, node: string, vmid: number, snapname: string, options: { start?: boolean } = {}, ctl?: CallControl): Promise<string> {
    return this.#send('POST', p`/nodes/${node}/${type}/${vmid}/snapshot/${snapname}/rollback`, upidSchema, { start: options.start }, ctl);
  }

  /** Returns the `vzdelsnapshot`/`qmdelsnapshot` UPID. */
  snapshotDelete(type: GuestType, node: string, vmid: number, snapname: string, options: { force?: boolean } = {}, ctl?: CallControl): Promise<string> {
    return this.#send('DELETE', p`/nodes/${node}/${type}/${vmid}/snapshot/${snapname}`, upidSchema, { force: options.force }, ctl);
  }

  // the container forms, as most callers name them
  lxcSnapshots(node: string, vmid: number, ctl?: CallControl) {
    return this.snapshots('lxc', node, vmid, ctl);
  }

  lxcSnapshotCreate(node: string, vmid: number, snapname: string, options: { description?: string } = {}, ctl?: CallControl): Promise<string> {
    return this.snapshotCreate('lxc', node, vmid, snapname, options, ctl);
  }

  lxcSnapshotConfig(node: string, vmid: number, snapname: string, ctl?: CallControl): Promise<Record<string, unknown>> {
    return this.snapshotConfig('lxc', node, vmid, snapname, ctl);
  }

  lxcSnapshotSetDescription(node: string, vmid: number, snapname: string, description: string, ctl?: CallControl): Promise<void> {
    return this.snapshotSetDescription('lxc', node, vmid, snapname, description, ctl);
  }

  lxcSnapshotRollback(node: string, vmid: number, snapname: string, options: { start?: boolean } = {}, ctl?: CallControl): Promise<string> {
    return this.snapshotRollback('lxc', node, vmid, snapname, options, ctl);
  }

  lxcSnapshotDelete(node: string, vmid: number, snapname: string, options: { force?: boolean } = {}, ctl?: CallControl): Promise<string> {
    return this.snapshotDelete('lxc', node, vmid, snapname, options, ctl);
  }

  // ---- backups ----

  /** Start a backup (`vzdump`). Returns the task UPID; its log is vzdump's. */
  async vzdump(node: string, options: day2.VzdumpOptions, ctl?: CallControl): Promise<string> {
    const path = p`/nodes/${node}/vzdump`;
    const o = parseInput(() => day2.vzdumpOptionsSchema.parse(options), `POST ${path}`);
    const body = {
      vmid: o.vmids?.join(','),
      all: o.all,
      storage: o.storage,
      mode: o.mode,
      compress: o.compress,
      'notes-template': o.notesTemplate,
      protected: o.protected,
      remove: o.remove,
      'prune-backups': o.pruneBackups,
    };
    return this.#send('POST', path, upidSchema, body, ctl);
  }

  /** Backups on a storage (optionally of one guest). */
  backups(node: string, storageId: string, filter: { vmid?: number } = {}, ctl?: CallControl) {
    return this.storageContent(node, storageId, { content: 'backup', ...filter }, ctl);
  }

  /** Delete a volume (a backup, a template...). Returns the `imgdel` UPID. */
  deleteVolume(node: string, storageId: string, volid: string, ctl?: CallControl): Promise<string> {
    return this.#send('DELETE', p`/nodes/${node}/storage/${storageId}/content/${volid}`, upidSchema, {}, ctl);
  }

  /** Restore a backup (`vzrestore`): into a new VMID, or over a stopped one with `force`. */
  async lxcRestore(node: string, options: day2.RestoreOptions, ctl?: CallControl): Promise<string> {
    const path = p`/nodes/${node}/lxc`;
    const o = parseInput(() => day2.restoreOptionsSchema.parse(options), `POST ${path}`);
    const body = {
      vmid: o.vmid,
      ostemplate: o.archive,
      restore: true,
      storage: o.storage,
      force: o.force,
      start: o.start,
      unique: o.unique,
      hostname: o.hostname,
      cores: o.cores,
      memory: o.memory,
      swap: o.swap,
      rootfs: o.rootfsGiB === undefined ? undefined : `${o.storage}:${o.rootfsGiB}`,
    };
    return this.#send('POST', path, upidSchema, body, ctl);
  }

  /** Restore a VM backup (`qmrestore`): into a new VMID, or over a stopped VM with `force`. */
  async qemuRestore(node: string, options: day2.QemuRestoreOptions, ctl?: CallControl): Promise<string> {
    const path = p`/nodes/${node}/qemu`;
    const o = parseInput(() => day2.qemuRestoreOptionsSchema.parse(options), `POST ${path}`);
    const body = { vmid: o.vmid, archive: o.archive, storage: o.storage, force: o.force, start: o.start, unique: o.unique };
    return this.#send('POST', path, upidSchema, body, ctl);
  }

  // ---- backup jobs (PVE's own schedules: they run even when Kiln is down) ----

  backupJobs(ctl?: CallControl) {
    return this.#get('/cluster/backup', day2.backupJobListSchema, undefined, ctl);
  }

  backupJob(id: string, ctl?: CallControl) {
    return this.#get(p`/cluster/backup/${id}`, day2.backupJobSchema, undefined, ctl);
  }

  /** Create a vzdump job; without `id` PVE names it `backup-<uuid part>`. */
  async createBackupJob(options: day2.BackupJobOptions & { id?: string }, ctl?: CallControl): Promise<void> {
    const o = parseInput(() => day2.backupJobOptionsSchema.parse(options), 'POST /cluster/backup');
    await this.#send('POST', '/cluster/backup', z.unknown(), { id: options.id, ...day2.backupJobParams(o) }, ctl);
  }

  async updateBackupJob(id: string, options: day2.BackupJobOptions, extra: { delete?: readonly string[] } = {}, ctl?: CallControl): Promise<void> {
    const path = p`/cluster/backup/${id}`;
    const o = parseInput(() => day2.backupJobOptionsSchema.parse(options), `PUT ${path}`);
    await this.#send('PUT', path, z.unknown(), { ...day2.backupJobParams(o), delete: extra.delete?.join(',') }, ctl);
  }

  async deleteBackupJob(id: string, ctl?: CallControl): Promise<void> {
    await this.#send('DELETE', p`/cluster/backup/${id}`, z.unknown(), {}, ctl);
  }

  backupJobIncludedVolumes(id: string, ctl?: CallControl) {
    return this.#get(p`/cluster/backup/${id}/included_volumes`, day2.includedVolumesSchema, undefined, ctl);
  }

  /** Guests that no backup job includes. */
  notBackedUp(ctl?: CallControl) {
    return this.#get('/cluster/backup-info/not-backed-up', day2.notBackedUpSchema, undefined, ctl);
  }

  /** Resource pools (ids and comments) the token may audit; a backup job can select one. */
  pools(ctl?: CallControl) {
    return this.#get('/pools', day2.poolListSchema, undefined, ctl);
  }

  /** Needs Pool.Allocate on `/pool/<id>`. */
  async createPool(poolid: string, comment?: string, ctl?: CallControl): Promise<void> {
    await this.#send('POST', '/pools', z.unknown(), { poolid, comment }, ctl);
  }

  /** Adds guests to a pool (PVE also wants VM.Allocate on each); `allowMove` takes them from their current pool. */
  async addToPool(poolid: string, vmids: readonly number[], opts: { allowMove?: boolean } = {}, ctl?: CallControl): Promise<void> {
    await this.#send('PUT', p`/pools/${poolid}`, z.unknown(), { vms: vmids.join(','), 'allow-move': opts.allowMove }, ctl);
  }

  // ---- node network ----

  /** Network interfaces of a node; `type: 'any_bridge'` for what containers can attach to. */
  networks(node: string, filter: { type?: day2.NetworkTypeFilter } = {}, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/network`, day2.networkListSchema, filter, ctl);
  }

  lxcInterfaces(node: string, vmid: number, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/lxc/${vmid}/interfaces`, lxc.lxcInterfacesSchema, undefined, ctl);
  }

  // ---- metrics ----

  /**
   * RRD samples of a node, or of a container with `vmid`. A container without samples yet (just
   * created; PVE answers 500 `RRD error ... No such file`) yields [] instead of an error.
   */
  async rrddata(node: string, options: { vmid?: number; type?: 'lxc' | 'qemu'; timeframe: RrdTimeframe; cf?: 'AVERAGE' | 'MAX' }, ctl?: CallControl): Promise<RrdPoint[]> {
    const path = options.vmid === undefined ? p`/nodes/${node}/rrddata` : options.type === 'qemu' ? p`/nodes/${node}/qemu/${options.vmid}/rrddata` : p`/nodes/${node}/lxc/${options.vmid}/rrddata`;
    try {
      return await this.#get(path, rrdDataSchema, { timeframe: options.timeframe, cf: options.cf ?? 'AVERAGE' }, ctl);
    } catch (err) {
      if (isPveError(err) && /RRD error.*No such file/is.test(err.message)) return [];
      throw err;
    }
  }

  // ---- tasks ----

  tasks(node: string, filters: TaskFilters = {}, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/tasks`, tasks.taskListSchema, { ...filters }, ctl);
  }

  taskStatus(node: string, upid: string, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/tasks/${upid}/status`, tasks.taskStatusSchema, undefined, ctl);
  }

  /** Log lines `start+1 .. start+limit` (`start` is 0-based, line numbers `n` are 1-based). */
  taskLog(node: string, upid: string, range: { start?: number; limit?: number } = {}, ctl?: CallControl) {
    return this.#get(p`/nodes/${node}/tasks/${upid}/log`, tasks.taskLogSchema, range, ctl);
  }

  /** Follow a task to its end. The node comes from the UPID unless given. See tasks/wait.ts. */
  waitForTask(upid: string, options?: WaitForTaskOptions): Promise<TaskResult>;
  waitForTask(node: string, upid: string, options?: WaitForTaskOptions): Promise<TaskResult>;
  async waitForTask(a: string, b?: string | WaitForTaskOptions, c?: WaitForTaskOptions): Promise<TaskResult> {
    const [node, upid, options] = typeof b === 'string' ? [a, b, c] : [parseUpid(a).node, a, b];
    const api = {
      taskStatus: (n: string, u: string, o?: { signal?: AbortSignal }) => this.taskStatus(n, u, o),
      taskLog: (n: string, u: string, o: { start: number; limit: number; signal?: AbortSignal }) => this.taskLog(n, u, { start: o.start, limit: o.limit }, { signal: o.signal }),
    };
    return waitForTask(api, node, upid, options);
  }

  // ---- access ----

  /** Effective privileges of this token: ACL path -> privilege -> propagates. */
  permissions(path?: string, ctl?: CallControl): Promise<PvePermissions> {
    return this.#get('/access/permissions', permissionsSchema, { path }, ctl);
  }

  /** Which of Kiln's required privileges this token has. */
  async privilegeReport(ctl?: CallControl): Promise<PrivilegeReport> {
    return privilegeReport(await this.permissions(undefined, ctl));
  }

  // ---- plumbing ----

  async #get<S extends z.ZodType>(path: string, schema: S, query: Params | undefined, ctl: CallControl | undefined) {
    const env = await this.#transport.call('GET', path, { query, ...callOptions(ctl) });
    return parseAnswer(schema, env.data, `GET ${path}`);
  }

  async #send<S extends z.ZodType>(method: Exclude<HttpMethod, 'GET'>, path: string, schema: S, params: Params, ctl: CallControl | undefined): Promise<z.output<S>> {
    const where = method === 'DELETE' ? { query: params } : { body: params };
    const env = await this.#transport.call(method, path, { ...where, ...callOptions(ctl) });
    return parseAnswer(schema, env.data, `${method} ${path}`);
  }

  /** Never shows the secret: only the address, token id and pin. */
  toString(): string {
    return `PveClient(${this.baseUrl}, token ${this.tokenId}${this.fingerprint ? `, pinned ${this.fingerprint}` : ''})`;
  }

  toJSON(): Record<string, string | undefined> {
    return { baseUrl: this.baseUrl, tokenId: this.tokenId, fingerprint: this.fingerprint };
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function callOptions(ctl: CallControl | undefined): CallOptions {
  return { signal: ctl?.signal, timeoutMs: ctl?.timeoutMs };
}
