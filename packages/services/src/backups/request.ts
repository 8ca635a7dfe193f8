import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError, checkCalendarEvent } from '@kiln/core';
import type { Prisma } from '@kiln/db';
import { locateExistingContainer, type ContainerRef } from '../containers/locate';
import { containerName } from '../containers/record';
import { clusterKeyOf } from '../inventory/clusters';
import { VMID_RESERVE_TTL_SECONDS, vmidReserveKey } from '../keys';
import { nodeForRole, type NodeRole } from '../nodes/access';
import type { Actor } from '../nodes/service';
import { emit } from '../operations/events';
import { enqueueOperation } from '../operations/jobs';
import { OPERATION_PARAMS, type RestoreResources } from '../operations/params';
import type { OperationRequestDeps } from '../operations/request';
import { BACKUP_OPERATIONS, type BackupOpKind } from '../operations/table';
import type { VmidService } from '../vmid/service';
import type { z } from 'zod';
import { archiveGuest, readCatalogs, type BackupArchive } from './catalog';
import type { GuestType } from '@kiln/pve';

type Params<K extends BackupOpKind> = z.input<(typeof OPERATION_PARAMS)[K]>;

function parse<K extends BackupOpKind>(kind: K, params: Params<K>): z.output<(typeof OPERATION_PARAMS)[K]> {
  const r = OPERATION_PARAMS[kind].safeParse(params);
  if (!r.success) {
    const fieldErrors = Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
    throw new ValidationError('The backup options are not valid.', fieldErrors);
  }
  return r.data as z.output<(typeof OPERATION_PARAMS)[K]>;
}

async function queue(deps: OperationRequestDeps, actor: Actor, kind: BackupOpKind, row: { nodeId: string; vmid?: number | null; targetName: string; containerId?: string }, params: object) {
  const op = await deps.db.operation.create({
    data: {
      kind,
      userId: actor.id,
      nodeId: row.nodeId,
      vmid: row.vmid ?? null,
      targetName: row.targetName,
      containerId: row.containerId,
      params: params as Prisma.InputJsonObject,
      requestIp: actor.ip,
    },
  });
  await emit(deps.redis, op.id, { type: 'state', state: 'queued' });
  await enqueueOperation(op.id);
  return { operationId: op.id };
}

const liveKiln = (loc: { kiln?: { id: string; lifecycle: string } }) => (loc.kiln && loc.kiln.lifecycle !== 'deleted' ? loc.kiln.id : undefined);

/** "Back up now" for one container (or VM, `guest: 'qemu'`): an operator's call on its node. */
export async function requestBackupCreate(deps: OperationRequestDeps, actor: Actor, ref: ContainerRef, params: Params<'backup.create'>, guest: GuestType = 'lxc') {
  const p = parse('backup.create', params);
  const loc = await locateExistingContainer(deps, actor.id, ref, { need: BACKUP_OPERATIONS['backup.create'].need, timeoutMs: 8_000, type: guest });
  const [catalog] = await readCatalogs(deps.redis, [loc.clusterKey]);
  // The cached list knows which storages take backups; PVE has the last word either way.
  if (catalog && !catalog.error && !catalog.storages.some((s) => s.storage === p.storage && (s.shared || s.pveNode === loc.pveNode))) {
    throw new ValidationError(`Storage ${p.storage} does not take backups on ${loc.pveNode}.`, { storage: 'Pick a storage with backup content.' });
  }
  return queue(deps, actor, 'backup.create', { nodeId: ref.nodeId, vmid: ref.vmid, targetName: containerName(loc), containerId: liveKiln(loc) }, p);
}

/** The archive as the cached catalog of the node's cluster lists it (unknown ones are refused). */
async function archiveOf(deps: OperationRequestDeps, actor: Actor, nodeId: string, volid: string, need: NodeRole): Promise<{ archive: BackupArchive; clusterKey: string }> {
  const { node } = await nodeForRole(deps.db, actor.id, nodeId, need);
  const clusterKey = clusterKeyOf(node);
  const [catalog] = await readCatalogs(deps.redis, [clusterKey]);
  const archive = catalog?.archives.find((a) => a.volid === volid);
  if (!archive) throw new NotFoundError('Backup');
  return { archive, clusterKey };
}

const archiveName = (volid: string) => volid.slice(volid.indexOf('/') + 1);

/** Deleting an archive is the node owner's call alone. Protected ones: PVE refuses, with its text. */
export async function requestBackupDelete(deps: OperationRequestDeps, actor: Actor, nodeId: string, volid: string) {
  const { archive } = await archiveOf(deps, actor, nodeId, volid, BACKUP_OPERATIONS['backup.delete'].need);
  const p = parse('backup.delete', { volid, pveNode: archive.pveNode });
  return queue(deps, actor, 'backup.delete', { nodeId, vmid: archive.vmid, targetName: archiveName(volid) }, p);
}

/**
 * Restore an archive over its container (owner; PVE refuses a running one) or into a new VMID
 * (operator, like a creation): the VMID is checked against the cluster and held for the restore.
 */
export async function requestBackupRestore(
  deps: OperationRequestDeps & { vmids: VmidService },
  actor: Actor,
  input: { nodeId: string; volid: string; vmid: number; overwrite: boolean; storage: string; start?: boolean; resources?: RestoreResources },
) {
  const { archive, clusterKey } = await archiveOf(deps, actor, input.nodeId, input.volid, input.overwrite ? 'owner' : 'operator');
  const guest = archive.guest ?? archiveGuest(archive.volid);
  // New resources only make a new container: an overwrite restores the backup as it was.
  const resources = !input.overwrite && input.resources && Object.values(input.resources).some((v) => v !== undefined) ? input.resources : undefined;
  if (guest === 'qemu' && resources) throw new ValidationError('A VM is restored with the resources of its backup.', { resources: 'Not for a VM backup.' });
  const p = parse('backup.restore', { volid: input.volid, pveNode: archive.pveNode, storage: input.storage, overwrite: input.overwrite, start: input.start ?? false, resources });
  if (input.overwrite) {
    const loc = await locateExistingContainer(deps, actor.id, { nodeId: input.nodeId, vmid: input.vmid }, { need: 'owner', timeoutMs: 8_000, type: guest });
    if (loc.kiln?.lifecycle === 'creating') throw new ConflictError('Kiln is still creating this container.');
    return queue(deps, actor, 'backup.restore', { nodeId: input.nodeId, vmid: input.vmid, targetName: containerName(loc), containerId: liveKiln(loc) }, p);
  }
  const check = await deps.vmids.check(actor.id, input.nodeId, input.vmid);
  if (!check.ok) throw new ValidationError(check.message, { vmid: check.message });
  // Held like a creation's VMID until the restore ends (another creation or restore cannot take it).
  const held = await deps.redis.set(vmidReserveKey(clusterKey, input.vmid), `restore:${actor.id}`, 'EX', VMID_RESERVE_TTL_SECONDS, 'NX');
  if (held !== 'OK') throw new ValidationError(`VMID ${input.vmid} is being used by another creation or restore.`, { vmid: 'Taken by a creation or restore in progress.' });
  return queue(deps, actor, 'backup.restore', { nodeId: input.nodeId, vmid: input.vmid, targetName: `${guest === 'qemu' ? 'VM' : 'CT'} ${input.vmid} from ${archiveName(input.volid)}` }, p);
}

/** Create (no id) or change a backup job of the node's cluster: the node owner's call. */
export async function requestBackupJobSave(deps: OperationRequestDeps, actor: Actor, nodeId: string, id: string | undefined, job: Params<'backup-job.save'>['job']) {
  await nodeForRole(deps.db, actor.id, nodeId, BACKUP_OPERATIONS['backup-job.save'].need);
  const p = parse('backup-job.save', { id: id ?? `kiln-${randomBytes(4).toString('hex')}`, create: id === undefined, job });
  const why = checkCalendarEvent(p.job.schedule);
  if (why) throw new ValidationError(`The schedule is not a calendar event Proxmox VE understands: ${why}.`, { schedule: why });
  if (p.job.selection === 'vmids' && p.job.vmids.length === 0) throw new ValidationError('Choose at least one container.', { vmids: 'Choose at least one container.' });
  if (p.job.selection === 'pool' && !p.job.pool) throw new ValidationError('Enter a pool.', { pool: 'Enter a pool.' });
  return queue(deps, actor, 'backup-job.save', { nodeId, targetName: `backup job ${p.id}` }, p);
}

export async function requestBackupJobAction(deps: OperationRequestDeps, actor: Actor, kind: 'backup-job.delete' | 'backup-job.run', nodeId: string, id: string) {
  await nodeForRole(deps.db, actor.id, nodeId, BACKUP_OPERATIONS[kind].need);
  const p = parse(kind, { id });
  return queue(deps, actor, kind, { nodeId, targetName: `backup job ${id}` }, p);
}
