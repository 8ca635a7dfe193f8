import type { GuestType, PveClient } from '@kiln/pve';
import type { NodeRole } from '../nodes/access';

/**
 * The one table of operations Kiln runs against Proxmox VE. Services (privileges, timeouts,
 * which PVE call), server actions (the schemas' enums) and the UI (labels, confirm texts) all
 * read it: a new operation is one entry here plus its runner (operations/runners.ts).
 *
 * This module has no runtime imports, so client components can import it
 * (`@kiln/services/operations-table`).
 */

/** Clean shutdown waits this long inside the container before PVE gives up (then Stop is the way). */
export const SHUTDOWN_TIMEOUT_S = 60;

export interface ConfirmText {
  title: (n: number) => string;
  description: string;
  confirmLabel: string;
}

interface BaseDef {
  /** Button text: "Start". */
  label: string;
  /** Used in "Start failed: ...": the operation as a noun. */
  noun: string;
  /** While it runs: "Starting". */
  working: string;
  /** After it succeeded: "Started". */
  past: string;
  /** The least role on the target's node (see nodes/access.ts): deleting is the owner's call alone. */
  need: NodeRole;
  /** Asked before running, when the action is not trivially undone. */
  confirm?: ConfirmText;
}

/** What the PVE calls read from an operation's params (params.ts holds each kind's own schema). */
export interface ContainerCallParams {
  force?: boolean;
  snapname?: string;
  description?: string;
  start?: boolean;
  /** VM snapshots: include the RAM (a rollback resumes the VM where it was). */
  vmstate?: boolean;
}

/** One PVE task on one guest: a container, or a VM where `guest` says so. */
export interface ContainerOpDef extends BaseDef {
  target: 'container';
  /** The kind of guest it acts on (default `lxc`): a VM's VMID is never taken for a container's. */
  guest?: 'qemu';
  /** How long Kiln follows the PVE task before saying it is still running. */
  timeoutMs: number;
  /** PVE's task type (UPID field), to find a task a crashed worker started but did not record. */
  pveTaskType: string;
  /** Starts the PVE task; returns its UPID. */
  call: (pve: PveClient, pveNode: string, vmid: number, params: ContainerCallParams) => Promise<string>;
  /** The verdict when its params name something ("Snapshot x taken of web1"); default "<past> <name>". */
  verdict?: (name: string, params: ContainerCallParams) => string;
}

/** One parent with a child operation of `child` per selected container. */
export interface BulkOpDef extends BaseDef {
  target: 'containers';
  child: ContainerOpKind | 'container.update' | 'container.adopt';
}

// ---- snapshots: one PVE task each on one container (runContainerOperation runs them) ----

/** The params schema (params.ts) requires it; a row without one is a bug, not a user error. */
function snapname(p: ContainerCallParams): string {
  if (!p.snapname) throw new Error('This snapshot operation names no snapshot.');
  return p.snapname;
}

/** What each snapshot action costs, shown before the user commits to it (the tab and the dialogs). */
export const SNAPSHOT_COSTS = {
  create:
    'A snapshot is quick and the container keeps running. It grows as the container changes afterwards: on thin storage it holds on to every block changed since, so old snapshots slowly use up the pool.',
  rollback: 'Everything the container changed since the snapshot is discarded: files, installed packages and settings. A running container is stopped first.',
  delete: 'The snapshot and the space it holds are freed. The container itself does not change.',
} as const;

/** The same costs for a VM (a snapshot may include its RAM). */
export const VM_SNAPSHOT_COSTS = {
  create:
    'A snapshot is quick and the VM keeps running. With RAM included, a rollback resumes the VM exactly where it was; that takes as much space as the VM’s memory and a moment longer. On thin storage a snapshot holds on to every block changed since.',
  rollback: 'Everything the VM changed on its disks since the snapshot is discarded. A running VM is stopped first; a snapshot with RAM resumes it running.',
  delete: 'The snapshot and the space it holds are freed. The VM itself does not change.',
} as const;

/** Take, roll back and delete a snapshot of one guest: the same PVE API for containers and VMs (`/<type>/{vmid}/snapshot`). */
function snapshotOps(type: GuestType) {
  const costs = type === 'qemu' ? VM_SNAPSHOT_COSTS : SNAPSHOT_COSTS;
  const task = (verb: 'snapshot' | 'rollback' | 'delsnapshot') => `${type === 'qemu' ? 'qm' : 'vz'}${verb}`;
  const guest = type === 'qemu' ? ({ guest: 'qemu' } as const) : {};
  const create = {
    target: 'container',
    ...guest,
    label: 'Take snapshot',
    noun: 'Snapshot',
    working: 'Taking a snapshot of',
    past: 'Snapshot taken',
    need: 'operator',
    timeoutMs: 300_000,
    pveTaskType: task('snapshot'),
    call: (pve, node, vmid, p) => pve.snapshotCreate(type, node, vmid, snapname(p), { description: p.description || undefined, vmstate: p.vmstate || undefined }),
    verdict: (name, p) => `Snapshot ${p.snapname}${p.vmstate ? ' (with RAM)' : ''} taken of ${name}`,
  } satisfies ContainerOpDef;
  const rollback = {
    target: 'container',
    ...guest,
    label: 'Roll back',
    noun: 'Rollback',
    working: 'Rolling back',
    past: 'Rolled back',
    need: 'operator',
    timeoutMs: 300_000,
    pveTaskType: task('rollback'),
    confirm: { title: () => 'Roll back to this snapshot?', description: costs.rollback, confirmLabel: 'Roll back' },
    call: (pve, node, vmid, p) => pve.snapshotRollback(type, node, vmid, snapname(p), { start: p.start || undefined }),
    verdict: (name, p) => `Rolled ${name} back to ${p.snapname}${p.start ? ' and started it' : ''}`,
  } satisfies ContainerOpDef;
  const remove = {
    target: 'container',
    ...guest,
    label: 'Delete snapshot',
    noun: 'Snapshot delete',
    working: 'Deleting a snapshot of',
    past: 'Snapshot deleted',
    need: 'operator',
    timeoutMs: 300_000,
    pveTaskType: task('delsnapshot'),
    confirm: { title: () => 'Delete this snapshot?', description: `${costs.delete} It cannot be rolled back to afterwards.`, confirmLabel: 'Delete snapshot' },
    call: (pve, node, vmid, p) => pve.snapshotDelete(type, node, vmid, snapname(p)),
    verdict: (name, p) => `Deleted snapshot ${p.snapname} of ${name}`,
  } satisfies ContainerOpDef;
  return { create, rollback, delete: remove };
}

const CT_SNAPSHOTS = snapshotOps('lxc');
export const SNAPSHOT_OPERATIONS = {
  'snapshot.create': CT_SNAPSHOTS.create,
  'snapshot.rollback': CT_SNAPSHOTS.rollback,
  'snapshot.delete': CT_SNAPSHOTS.delete,
} as const satisfies Record<string, ContainerOpDef>;

const VM_SNAPSHOTS = snapshotOps('qemu');
/** A VM's snapshots: `qmsnapshot`, `qmrollback`, `qmdelsnapshot` (runContainerOperation runs them, locating a VM). */
export const VM_SNAPSHOT_OPERATIONS = {
  'vm.snapshot.create': VM_SNAPSHOTS.create,
  'vm.snapshot.rollback': VM_SNAPSHOTS.rollback,
  'vm.snapshot.delete': VM_SNAPSHOTS.delete,
} as const satisfies Record<string, ContainerOpDef>;

export type VmSnapshotOpKind = keyof typeof VM_SNAPSHOT_OPERATIONS;

export type SnapshotOpKind = keyof typeof SNAPSHOT_OPERATIONS;

// ---- end of snapshots ----

// ---- virtual machines: one `qm*` task each (runContainerOperation runs them, locating a VM) ----

/** Power verbs of a VM, in the order the VM page offers them. */
export const VM_POWER_OPS = ['start', 'shutdown', 'stop', 'reboot', 'reset', 'suspend', 'resume'] as const;
export type VmPowerOp = (typeof VM_POWER_OPS)[number];

/** A VM power action: one `qm<action>` task, for operators; the texts and the time Kiln follows it differ. */
function vmPower(action: VmPowerOp, def: Pick<ContainerOpDef, 'label' | 'noun' | 'working' | 'past' | 'timeoutMs' | 'confirm'>): ContainerOpDef {
  return { target: 'container', guest: 'qemu', need: 'operator', pveTaskType: `qm${action}`, call: (pve, node, vmid) => pve.qemuPower(node, vmid, action), ...def };
}

export const VM_OPERATIONS = {
  'vm.start': vmPower('start', { label: 'Start', noun: 'Start', working: 'Starting', past: 'Started', timeoutMs: 120_000 }),
  // qm shutdown waits for the guest OS (ACPI or the agent) without a timeout of its own by default
  'vm.shutdown': vmPower('shutdown', {
    label: 'Shut down',
    noun: 'Shutdown',
    working: 'Shutting down',
    past: 'Shut down',
    timeoutMs: 300_000,
    confirm: { title: () => 'Shut down this VM?', description: 'The guest OS gets an ACPI shutdown request (or one through the guest agent) and powers off cleanly.', confirmLabel: 'Shut down' },
  }),
  'vm.stop': vmPower('stop', {
    label: 'Stop',
    noun: 'Stop',
    working: 'Stopping',
    past: 'Stopped',
    timeoutMs: 120_000,
    confirm: { title: () => 'Stop this VM?', description: 'Stop ends the VM at once, like pulling the plug: unsaved data in the guest is lost. Shut down is the clean way.', confirmLabel: 'Stop' },
  }),
  'vm.reboot': vmPower('reboot', { label: 'Reboot', noun: 'Reboot', working: 'Rebooting', past: 'Rebooted', timeoutMs: 300_000 }),
  'vm.reset': vmPower('reset', {
    label: 'Reset',
    noun: 'Reset',
    working: 'Resetting',
    past: 'Reset',
    timeoutMs: 60_000,
    confirm: { title: () => 'Reset this VM?', description: 'Reset is a hard restart, like pressing the reset button: the guest OS does not shut down first.', confirmLabel: 'Reset' },
  }),
  'vm.suspend': vmPower('suspend', { label: 'Pause', noun: 'Pause', working: 'Pausing', past: 'Paused', timeoutMs: 60_000 }),
  'vm.resume': vmPower('resume', { label: 'Resume', noun: 'Resume', working: 'Resuming', past: 'Resumed', timeoutMs: 60_000 }),
} as const satisfies Record<`vm.${VmPowerOp}`, ContainerOpDef>;

export type VmOpKind = keyof typeof VM_OPERATIONS;
export const vmKind = (op: VmPowerOp): VmOpKind => `vm.${op}`;

// ---- end of virtual machines ----

export const CONTAINER_OPERATIONS = {
  'container.start': {
    target: 'container',
    label: 'Start',
    noun: 'Start',
    working: 'Starting',
    past: 'Started',
    need: 'operator',
    timeoutMs: 120_000,
    pveTaskType: 'vzstart',
    call: (pve, node, vmid) => pve.lxcStart(node, vmid),
  },
  'container.stop': {
    target: 'container',
    label: 'Stop',
    noun: 'Stop',
    working: 'Stopping',
    past: 'Stopped',
    need: 'operator',
    timeoutMs: 120_000,
    pveTaskType: 'vzstop',
    call: (pve, node, vmid) => pve.lxcStop(node, vmid),
    confirm: { title: (n) => `Stop ${n} container${n === 1 ? '' : 's'}?`, description: 'Stop ends the containers at once, like pulling the plug. Shut down is the clean way.', confirmLabel: 'Stop' },
  },
  'container.shutdown': {
    target: 'container',
    label: 'Shut down',
    noun: 'Shutdown',
    working: 'Shutting down',
    past: 'Shut down',
    need: 'operator',
    timeoutMs: (SHUTDOWN_TIMEOUT_S + 60) * 1000,
    pveTaskType: 'vzshutdown',
    call: (pve, node, vmid) => pve.lxcShutdown(node, vmid, { timeout: SHUTDOWN_TIMEOUT_S }),
    confirm: { title: (n) => `Shut down ${n} container${n === 1 ? '' : 's'}?`, description: `Each container gets a clean shutdown (up to ${SHUTDOWN_TIMEOUT_S} s).`, confirmLabel: 'Shut down' },
  },
  'container.reboot': {
    target: 'container',
    label: 'Reboot',
    noun: 'Reboot',
    working: 'Rebooting',
    past: 'Rebooted',
    need: 'operator',
    timeoutMs: 180_000,
    pveTaskType: 'vzreboot',
    call: (pve, node, vmid) => pve.lxcReboot(node, vmid),
  },
  'container.delete': {
    target: 'container',
    label: 'Delete',
    noun: 'Delete',
    working: 'Deleting',
    past: 'Deleted',
    need: 'owner',
    timeoutMs: 300_000,
    pveTaskType: 'vzdestroy',
    confirm: {
      title: () => 'Delete this container?',
      description: 'Proxmox VE destroys the container and its disks, and purges it from backup jobs, replication and HA. This cannot be undone.',
      confirmLabel: 'Delete container',
    },
    // purge: also drop it from backup jobs, replication and HA; unreferenced disks go too.
    call: (pve, node, vmid, p) => pve.lxcDelete(node, vmid, { purge: true, destroyUnreferencedDisks: true, force: p.force || undefined }),
  },
  ...SNAPSHOT_OPERATIONS,
  ...VM_OPERATIONS,
  ...VM_SNAPSHOT_OPERATIONS,
} as const satisfies Record<string, ContainerOpDef>;

export type ContainerOpKind = keyof typeof CONTAINER_OPERATIONS;

/** An update's words and role, for one container or a batch. */
const UPDATE_TEXTS = { label: 'Update', noun: 'Update', working: 'Updating', past: 'Updated', need: 'operator' } as const;

export const BULK_OPERATIONS = {
  'bulk.start': { target: 'containers', child: 'container.start', label: 'Start', noun: 'Start', working: 'Starting', past: 'Started', need: 'operator' },
  'bulk.stop': {
    target: 'containers',
    child: 'container.stop',
    label: 'Stop',
    noun: 'Stop',
    working: 'Stopping',
    past: 'Stopped',
    need: 'operator',
    confirm: CONTAINER_OPERATIONS['container.stop'].confirm,
  },
  'bulk.shutdown': {
    target: 'containers',
    child: 'container.shutdown',
    label: 'Shut down',
    noun: 'Shutdown',
    working: 'Shutting down',
    past: 'Shut down',
    need: 'operator',
    confirm: CONTAINER_OPERATIONS['container.shutdown'].confirm,
  },
  /** Requested by requestBulkUpdate (updates/bulk.ts), from the table's selection or a schedule; children are `container.update`. */
  'bulk.update': {
    target: 'containers',
    child: 'container.update',
    ...UPDATE_TEXTS,
    confirm: {
      title: () => 'Update these containers?',
      description:
        'Each container is checked, gets the safety net you chose, is updated and checked again; a container whose update or check fails is rolled back by itself. A few run at once per node.',
      confirmLabel: 'Update',
    },
  },
  /** Requested by requestBulkAdopt (adoption/request.ts) from the table's selection; children are `container.adopt`. */
  'bulk.adopt': { target: 'containers', child: 'container.adopt', label: 'Adopt', noun: 'Adoption', working: 'Adopting', past: 'Adopted', need: 'operator' },
} as const satisfies Record<string, BulkOpDef>;

export type BulkOpKind = keyof typeof BULK_OPERATIONS;

/**
 * A creation (and each Retry of one). Its runner is the provisioning step machine on its own
 * queue (`container.provision`: resumable steps, the row's lease, adoption by ownership tag); the
 * operation row and channel are how it is followed, listed and audited like every other.
 */
export interface CreationOpDef extends BaseDef {
  target: 'creation';
}

export const CREATION_OPERATIONS = {
  'container.create': { target: 'creation', label: 'Create', noun: 'Creation', working: 'Creating', past: 'Created', need: 'operator' },
  /**
   * Delete of a failed creation: its CT goes (only if it carries the creation's ownership tag), its
   * VMID is freed, the row stays (lifecycle `deleted`) with its event log. The node's owner, or the
   * operator who started the creation, may ask (CreationActions.discard checks it).
   */
  'creation.discard': {
    target: 'creation',
    label: 'Delete',
    noun: 'Delete',
    working: 'Deleting',
    past: 'Deleted',
    need: 'operator',
    confirm: {
      title: () => 'Delete this failed creation?',
      description: 'Kiln destroys the container if it was created and frees the VMID. The history stays in Kiln.',
      confirmLabel: 'Delete container',
    },
  },
} as const satisfies Record<string, CreationOpDef>;

export type CreationOpKind = keyof typeof CREATION_OPERATIONS;

/** `systemctl <verb> <unit>` inside a running container, over the node's SSH (the worker's). */
export interface ServiceOpDef extends BaseDef {
  target: 'service';
  verb: 'start' | 'stop' | 'restart';
}

export const SERVICE_OPERATIONS = {
  'service.start': { target: 'service', verb: 'start', label: 'Start service', noun: 'Service start', working: 'Starting', past: 'Started', need: 'operator' },
  'service.stop': { target: 'service', verb: 'stop', label: 'Stop service', noun: 'Service stop', working: 'Stopping', past: 'Stopped', need: 'operator' },
  'service.restart': { target: 'service', verb: 'restart', label: 'Restart service', noun: 'Service restart', working: 'Restarting', past: 'Restarted', need: 'operator' },
} as const satisfies Record<string, ServiceOpDef>;

export type ServiceOpKind = keyof typeof SERVICE_OPERATIONS;
export const SERVICE_VERBS = ['start', 'stop', 'restart'] as const;
export type ServiceVerb = (typeof SERVICE_VERBS)[number];
export const serviceKind = (verb: ServiceVerb): ServiceOpKind => `service.${verb}`;

/**
 * A container's settings (the Settings tab): `PUT .../config` with the digest of the config the
 * user edited (root-only keys by `pct set` over SSH), a disk resize (`PUT .../resize`, grow only),
 * dropping what Proxmox VE keeps pending until the next restart, or a snapshot's description.
 */
export interface SettingsOpDef extends BaseDef {
  target: 'settings';
  /** The kind of guest it acts on (default `lxc`), as for ContainerOpDef. */
  guest?: 'qemu';
}

/** A snapshot's description (`PUT .../<type>/{vmid}/snapshot/{snapname}/config`, no task): the snapshot's own config. */
function snapshotDescribeOp(type: GuestType) {
  return {
    target: 'settings',
    ...(type === 'qemu' ? ({ guest: 'qemu' } as const) : {}),
    label: 'Save description',
    noun: 'Snapshot description change',
    working: 'Saving the snapshot description of',
    past: 'Saved the snapshot description of',
    need: 'operator',
  } satisfies SettingsOpDef;
}

export const SETTINGS_OPERATIONS = {
  'container.configure': { target: 'settings', label: 'Save settings', noun: 'Settings change', working: 'Saving settings', past: 'Saved settings', need: 'operator' },
  'container.resize': { target: 'settings', label: 'Resize disk', noun: 'Disk resize', working: 'Resizing', past: 'Resized', need: 'operator' },
  'container.revert-pending': { target: 'settings', label: 'Revert pending changes', noun: 'Revert', working: 'Reverting', past: 'Reverted', need: 'operator' },
  'snapshot.describe': snapshotDescribeOp('lxc'),
  'vm.snapshot.describe': snapshotDescribeOp('qemu'),
} as const satisfies Record<string, SettingsOpDef>;

export type SettingsOpKind = keyof typeof SETTINGS_OPERATIONS;

// ---- backups (day-2): vzdump, archives, restore, and PVE's own backup jobs ----
/**
 * An operation on backups: vzdump tasks, archive deletion and restore (one or more PVE tasks), or
 * a change to a backup job (`/cluster/backup`, no task). Its runner checks the token's privileges
 * (`feature`, see @kiln/pve privileges) before it starts anything.
 */
export interface BackupOpDef extends BaseDef {
  target: 'backup';
  feature: 'backups' | 'backup-jobs';
  /** How long Kiln follows each PVE task. */
  timeoutMs: number;
}

export const BACKUP_OPERATIONS = {
  'backup.create': { target: 'backup', feature: 'backups', label: 'Back up now', noun: 'Backup', working: 'Backing up', past: 'Backed up', need: 'operator', timeoutMs: 3_600_000 },
  'backup.delete': {
    target: 'backup',
    feature: 'backups',
    label: 'Delete backup',
    noun: 'Backup deletion',
    working: 'Deleting',
    past: 'Deleted',
    need: 'owner',
    timeoutMs: 300_000,
    confirm: { title: () => 'Delete this backup?', description: 'Proxmox VE removes the archive with its notes and log. This cannot be undone.', confirmLabel: 'Delete backup' },
  },
  'backup.restore': {
    target: 'backup',
    feature: 'backups',
    label: 'Restore',
    noun: 'Restore',
    working: 'Restoring',
    past: 'Restored',
    // Into a new VMID: an operator's call, like a creation; over an existing container: the owner's (request.ts).
    need: 'operator',
    timeoutMs: 3_600_000,
    confirm: {
      title: () => 'Restore over this container?',
      description: 'Proxmox VE replaces the container’s disks and configuration with the backup’s. Everything written since the backup is lost.',
      confirmLabel: 'Restore and overwrite',
    },
  },
  'backup-job.save': { target: 'backup', feature: 'backup-jobs', label: 'Save backup job', noun: 'Backup job change', working: 'Saving', past: 'Saved', need: 'owner', timeoutMs: 30_000 },
  'backup-job.delete': {
    target: 'backup',
    feature: 'backup-jobs',
    label: 'Delete job',
    noun: 'Backup job deletion',
    working: 'Deleting',
    past: 'Deleted',
    need: 'owner',
    timeoutMs: 30_000,
    confirm: { title: () => 'Delete this backup job?', description: 'Proxmox VE stops running it. Its backups stay on the storage.', confirmLabel: 'Delete job' },
  },
  'backup-job.run': { target: 'backup', feature: 'backup-jobs', label: 'Run now', noun: 'Backup job run', working: 'Running', past: 'Ran', need: 'owner', timeoutMs: 3_600_000 },
} as const satisfies Record<string, BackupOpDef>;

export type BackupOpKind = keyof typeof BACKUP_OPERATIONS;
export const BACKUP_OP_KINDS = Object.keys(BACKUP_OPERATIONS) as [BackupOpKind, ...BackupOpKind[]];
export const isBackupKind = (kind: string): kind is BackupOpKind => Object.hasOwn(BACKUP_OPERATIONS, kind);
// ---- end backups ----

// ---- updates (issue 15): one pipeline per container, its steps in the event log ----
/**
 * A safe update of one container (updates/runner.ts): pre-flight, safety net (a snapshot, or a
 * vzdump where the storage cannot snapshot, or none), the update (template `update` steps or the
 * package manager), post-check, and on failure an automatic rollback. Several PVE tasks and SSH
 * commands; each stage is recorded on the row so a worker that dies mid-way is followed or rolled back.
 */
export interface UpdateOpDef extends BaseDef {
  target: 'update';
}

export const UPDATE_OPERATIONS = {
  'container.update': {
    target: 'update',
    ...UPDATE_TEXTS,
    confirm: {
      title: () => 'Update this container?',
      description:
        'Kiln checks the container, takes the safety net you chose, runs the update and checks the container again. If the update or the check fails, Kiln rolls the container back by itself.',
      confirmLabel: 'Update',
    },
  },
} as const satisfies Record<string, UpdateOpDef>;

export type UpdateOpKind = keyof typeof UPDATE_OPERATIONS;
// ---- end updates ----

// ---- adoption (issue 17): a container Kiln did not create becomes Kiln's ----
/**
 * Adopting a discovered container (adoption/runner.ts): Kiln reads its config (with the digest),
 * writes a row whose spec is that config (and the template version the user linked, or none), then
 * gives it the `kiln` and ownership tags with the digest. No PVE task.
 */
export interface AdoptOpDef extends BaseDef {
  target: 'adopt';
}

export const ADOPT_OPERATIONS = {
  'container.adopt': { target: 'adopt', label: 'Adopt', noun: 'Adoption', working: 'Adopting', past: 'Adopted', need: 'operator' },
} as const satisfies Record<string, AdoptOpDef>;

export type AdoptOpKind = keyof typeof ADOPT_OPERATIONS;
// ---- end adoption ----

// ---- capture (issue 17): a container as a new kiln/v1 template draft ----
/**
 * Capturing a container (capture/runner.ts): Kiln reads its config and, over SSH, its OS, packages
 * and enabled services (one read-only `pct exec`), and leaves a template draft on the operation's
 * result for the template editor. Nothing changes on Proxmox VE.
 */
export interface CaptureOpDef extends BaseDef {
  target: 'capture';
}

export const CAPTURE_OPERATIONS = {
  // Operators: the probe runs as root inside the container (read-only, but not a viewer's to start).
  'container.capture': { target: 'capture', label: 'Capture as template', noun: 'Capture', working: 'Capturing', past: 'Captured', need: 'operator' },
} as const satisfies Record<string, CaptureOpDef>;

export type CaptureOpKind = keyof typeof CAPTURE_OPERATIONS;
// ---- end capture ----
// ---- OS images (issue 17): container templates on a node's storage ----
/**
 * A change to the OS images (`vztmpl`) of a node's storage (images/runner.ts): one PVE task each.
 * `feature` names the optional privileges it needs beyond Kiln's role (see @kiln/pve privileges);
 * the runner checks them before it starts anything.
 */
export interface ImageOpDef extends BaseDef {
  target: 'image';
  feature?: 'image-delete' | 'oci-pull';
  /** How long Kiln follows the PVE task. */
  timeoutMs: number;
  /** PVE's task type, to find a task a dead worker started but did not record. */
  pveTaskType: 'download' | 'imgdel';
}

export const IMAGE_OPERATIONS = {
  'image.download': {
    target: 'image',
    label: 'Download',
    noun: 'Image download',
    working: 'Downloading',
    past: 'Downloaded',
    need: 'operator',
    timeoutMs: 30 * 60_000,
    pveTaskType: 'download',
  },
  'image.pull': {
    target: 'image',
    feature: 'oci-pull',
    label: 'Pull OCI image',
    noun: 'OCI image pull',
    working: 'Pulling',
    past: 'Pulled',
    need: 'operator',
    timeoutMs: 30 * 60_000,
    pveTaskType: 'download',
  },
  'image.delete': {
    target: 'image',
    feature: 'image-delete',
    label: 'Delete',
    noun: 'Image deletion',
    working: 'Deleting',
    past: 'Deleted',
    need: 'owner',
    timeoutMs: 120_000,
    pveTaskType: 'imgdel',
    confirm: {
      title: () => 'Delete this OS image?',
      description: 'Proxmox VE removes the file from the storage. Containers made from it keep running; a new creation that needs it downloads it again.',
      confirmLabel: 'Delete image',
    },
  },
} as const satisfies Record<string, ImageOpDef>;

export type ImageOpKind = keyof typeof IMAGE_OPERATIONS;
export const isImageKind = (kind: string): kind is ImageOpKind => Object.hasOwn(IMAGE_OPERATIONS, kind);
// ---- end OS images ----

export const OPERATIONS = {
  ...CONTAINER_OPERATIONS,
  ...BULK_OPERATIONS,
  ...CREATION_OPERATIONS,
  ...SERVICE_OPERATIONS,
  ...SETTINGS_OPERATIONS,
  ...BACKUP_OPERATIONS,
  ...UPDATE_OPERATIONS,
  ...ADOPT_OPERATIONS,
  ...CAPTURE_OPERATIONS,
  ...IMAGE_OPERATIONS,
} as const;
export type OperationKind = keyof typeof OPERATIONS;
export type OperationDef = ContainerOpDef | BulkOpDef | CreationOpDef | ServiceOpDef | SettingsOpDef | BackupOpDef | UpdateOpDef | AdoptOpDef | CaptureOpDef | ImageOpDef;

export const OPERATION_KINDS = Object.keys(OPERATIONS) as [OperationKind, ...OperationKind[]];
export const CONTAINER_OP_KINDS = Object.keys(CONTAINER_OPERATIONS) as [ContainerOpKind, ...ContainerOpKind[]];
export const BULK_OP_KINDS = Object.keys(BULK_OPERATIONS) as [BulkOpKind, ...BulkOpKind[]];

/** The power verbs of one container, as the action bar and the power action name them ("start"). */
export const POWER_OPS = ['start', 'stop', 'shutdown', 'reboot'] as const;
export type PowerOp = (typeof POWER_OPS)[number];
/** The verbs the containers table offers for a selection. */
export const BULK_POWER_OPS = ['start', 'stop', 'shutdown'] as const;
export type BulkPowerOp = (typeof BULK_POWER_OPS)[number];

export const containerKind = (op: PowerOp | 'delete'): ContainerOpKind => `container.${op}`;
export const bulkKind = (op: BulkPowerOp): Exclude<BulkOpKind, 'bulk.update' | 'bulk.adopt'> => `bulk.${op}`;

export function isOperationKind(kind: string): kind is OperationKind {
  return Object.hasOwn(OPERATIONS, kind);
}

/** The entry of a kind read back from a row; unknown kinds (a newer Kiln's rows) get a neutral label. */
export function operationDef(kind: string): OperationDef | undefined {
  return isOperationKind(kind) ? OPERATIONS[kind] : undefined;
}

export function operationLabel(kind: string): string {
  const def = operationDef(kind);
  if (!def) return kind;
  return def.target === 'containers' ? `${def.label} (several)` : def.label;
}
