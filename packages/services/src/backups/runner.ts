import { isAppError } from '@kiln/core';
import { recordAudit, type Node, type Operation } from '@kiln/db';
import { lackingPrivilegesRefusal, isPveError, lackingPrivileges, parseUpid, retentionToString, type BackupJobOptions, type GuestType, type PveClient } from '@kiln/pve';
import { pveReason } from '../containers/errors';
import { clusterKeyOf } from '../inventory/clusters';
import { pollLockKey, vmidReserveKey } from '../keys';
import { nodeForRole } from '../nodes/access';
import { pveClientForNode } from '../nodes/pve-client';
import { actorOf, findUnrecordedTask, OperationRetry, type OperationDeps } from '../operations/container-runner';
import { claimOrResume, emit, finishOperation } from '../operations/events';
import { OPERATION_PARAMS, type OperationParams, type RestoreResources } from '../operations/params';
import { BACKUP_OPERATIONS, type BackupOpDef, type BackupOpKind } from '../operations/table';
import { archiveGuest, refreshCatalog, jobView } from './catalog';

/** What one run needs from PVE (checked before anything starts), and how it starts. */
interface Plan {
  needs: Array<{ path: string; privilege: string }>;
  /**
   * The PVE tasks `start` starts, one per PVE node: what a resumed run looks for in the node's task
   * list when a dead worker may have started them without recording their UPIDs.
   */
  tasks?: Array<{ pveNode: string; type: 'vzdump' | 'vzrestore' | 'qmrestore'; vmid?: number }>;
  /** Starts the PVE tasks (UPIDs, recorded before waiting), except on the nodes in `skip`; [] for API calls without a task. */
  start: (skip: ReadonlySet<string>) => Promise<string[]>;
  /** The sentence the row ends with. */
  done: string;
}

interface PlanCtx {
  pve: PveClient;
  node: Node;
  op: Operation;
}

const vms = (vmid: number | string) => ({ path: `/vms/${vmid}`, privilege: 'VM.Backup' });
const space = (storage: string) => ({ path: `/storage/${storage}`, privilege: 'Datastore.AllocateSpace' });

/** The PVE node a guest runs on, from the cluster's own list (one question). */
async function guestNode(pve: PveClient, vmid: number, type: GuestType | 'any' = 'lxc'): Promise<string> {
  const g = (await pve.clusterResources('vm', { timeoutMs: 15_000 })).find((r) => r.vmid === vmid && (type === 'any' ? r.type === 'lxc' || r.type === 'qemu' : r.type === type));
  if (!g) throw new NotThere(`${type === 'qemu' ? 'VM' : type === 'any' ? 'Guest' : 'Container'} ${vmid} was not found on Proxmox VE.`);
  return g.node;
}

class NotThere extends Error {}

function archiveOwner(volid: string): number | undefined {
  const m = /:backup\/vzdump-(?:lxc|qemu)-(\d+)-/.exec(volid);
  return m ? Number(m[1]) : undefined;
}

/** What PVE checks for each overridden key of a restore (`check_ct_modify_config_perm`). */
function resourcePrivileges(vmid: number, r: RestoreResources | undefined): Array<{ path: string; privilege: string }> {
  if (!r) return [];
  const path = `/vms/${vmid}`;
  return [
    ...(r.cores !== undefined ? [{ path, privilege: 'VM.Config.CPU' }] : []),
    ...(r.memory !== undefined || r.swap !== undefined ? [{ path, privilege: 'VM.Config.Memory' }] : []),
    ...(r.rootfsGiB !== undefined ? [{ path, privilege: 'VM.Config.Disk' }] : []),
  ];
}

const PLANS: { [K in BackupOpKind]: (ctx: PlanCtx, p: OperationParams<K>) => Promise<Plan> } = {
  'backup.create': async ({ pve, op }, p) => {
    const vmid = op.vmid ?? 0;
    // a VMID is a container's or a VM's: vzdump backs up either
    const pveNode = await guestNode(pve, vmid, 'any');
    return {
      needs: [vms(vmid), space(p.storage)],
      tasks: [{ pveNode, type: 'vzdump', vmid }],
      start: async () => [
        await pve.vzdump(pveNode, { vmids: [vmid], storage: p.storage, mode: p.mode, compress: p.compress, notesTemplate: p.notesTemplate || undefined, protected: p.protected || undefined }),
      ],
      done: `Backed up ${op.targetName ?? `guest ${vmid}`} to ${p.storage}.`,
    };
  },
  'backup.delete': async ({ pve }, p) => {
    const storage = p.volid.slice(0, p.volid.indexOf(':'));
    const owner = archiveOwner(p.volid);
    return {
      needs: [...(owner ? [vms(owner)] : []), space(storage)],
      start: async () => [await pve.deleteVolume(p.pveNode, storage, p.volid)],
      done: `Deleted ${p.volid}.`,
    };
  },
  'backup.restore': async ({ pve, op }, p) => {
    const vmid = op.vmid ?? 0;
    const owner = archiveOwner(p.volid);
    const archiveStorage = p.volid.slice(0, p.volid.indexOf(':'));
    const guest = archiveGuest(p.volid);
    const needs = [vms(vmid), space(p.storage), space(archiveStorage), ...(owner ? [vms(owner)] : [])];
    if (!p.overwrite) needs.push({ path: `/vms/${vmid}`, privilege: 'VM.Allocate' }, ...resourcePrivileges(vmid, p.resources));
    const pveNode = p.overwrite ? await guestNode(pve, vmid, guest) : p.pveNode;
    if (guest === 'qemu') {
      return {
        needs,
        tasks: [{ pveNode, type: 'qmrestore', vmid }],
        start: async () => [
          await pve.qemuRestore(pveNode, { vmid, archive: p.volid, storage: p.storage, force: p.overwrite || undefined, unique: p.overwrite ? undefined : true, start: p.start || undefined }),
        ],
        done: p.overwrite ? `Restored ${op.targetName ?? `VM ${vmid}`} from the backup.` : `Restored the backup as VM ${vmid} on ${pveNode}.`,
      };
    }
    return {
      needs,
      tasks: [{ pveNode, type: 'vzrestore', vmid }],
      start: async () => [
        await pve.lxcRestore(pveNode, {
          vmid,
          archive: p.volid,
          storage: p.storage,
          force: p.overwrite || undefined,
          unique: p.overwrite ? undefined : true,
          start: p.start || undefined,
          ...(p.overwrite ? {} : p.resources),
        }),
      ],
      done: p.overwrite ? `Restored ${op.targetName ?? `CT ${vmid}`} from the backup.` : `Restored the backup as CT ${vmid} on ${pveNode}.`,
    };
  },
  'backup-job.save': async ({ pve }, p) => {
    const j = p.job;
    const retention = Object.fromEntries(Object.entries(j.retention).filter(([, v]) => v !== undefined));
    const opts: BackupJobOptions = {
      schedule: j.schedule,
      storage: j.storage,
      mode: j.mode,
      compress: j.compress,
      enabled: j.enabled,
      ...(j.selection === 'all' ? { all: true } : j.selection === 'pool' ? { pool: j.pool, all: false } : { vmids: j.vmids, all: false }),
      ...(Object.keys(retention).length ? { retention } : {}),
      ...(j.notesTemplate ? { notesTemplate: j.notesTemplate } : {}),
      ...(j.comment ? { comment: j.comment } : {}),
    };
    // Fields the form cleared are removed from the job (PVE refuses to set and delete one key).
    const cleared = [
      ...(j.selection !== 'vmids' ? ['vmid'] : []),
      ...(j.selection !== 'pool' ? ['pool'] : []),
      ...(Object.keys(retention).length ? [] : ['prune-backups']),
      ...(j.notesTemplate ? [] : ['notes-template']),
      ...(j.comment ? [] : ['comment']),
    ];
    return {
      needs: [{ path: '/', privilege: 'Sys.Modify' }],
      start: async () => {
        if (p.create) await pve.createBackupJob({ ...opts, id: p.id });
        else await pve.updateBackupJob(p.id, opts, { delete: cleared });
        return [];
      },
      done: p.create ? `Created backup job ${p.id}.` : `Saved backup job ${p.id}.`,
    };
  },
  'backup-job.delete': async ({ pve }, p) => ({
    needs: [{ path: '/', privilege: 'Sys.Modify' }],
    start: async () => {
      await pve.deleteBackupJob(p.id);
      return [];
    },
    done: `Deleted backup job ${p.id}.`,
  }),
  /** PVE has no "run job" call: like its own "Run now", one vzdump per node with the job's options. */
  'backup-job.run': async ({ pve }, p) => {
    const job = jobView(await pve.backupJob(p.id, { timeoutMs: 15_000 }));
    // containers and VMs alike, as PVE's scheduler runs the job
    const guests = (await pve.clusterResources('vm', { timeoutMs: 15_000 })).filter((g) => (g.type === 'lxc' || g.type === 'qemu') && !g.template);
    const selected = guests.filter((g) => (job.all ? true : job.pool ? g.pool === job.pool : job.vmids.includes(g.vmid))).filter((g) => !job.node || g.node === job.node);
    const byNode = new Map<string, number[]>();
    for (const g of selected) byNode.set(g.node, [...(byNode.get(g.node) ?? []), g.vmid]);
    const prune = Object.keys(job.retention).length ? retentionToString(job.retention) : undefined;
    const needs = [...selected.map((g) => vms(g.vmid)), space(job.storage), ...(prune ? [{ path: `/storage/${job.storage}`, privilege: 'Datastore.Allocate' }] : [])];
    return {
      needs,
      // vzdump names the guest in its UPID only when it backs up one.
      tasks: [...byNode].map(([pveNode, vmids]) => ({ pveNode, type: 'vzdump' as const, vmid: vmids.length === 1 ? vmids[0] : undefined })),
      start: async (skip) => {
        if (byNode.size === 0) throw new NotThere(`Backup job ${p.id} selects no guest.`);
        const upids: string[] = [];
        for (const [pveNode, vmids] of [...byNode].sort(([a], [b]) => a.localeCompare(b))) {
          if (skip.has(pveNode)) continue;
          upids.push(
            await pve.vzdump(pveNode, {
              vmids,
              storage: job.storage,
              mode: job.mode as 'snapshot' | 'suspend' | 'stop',
              compress: (['0', 'gzip', 'lzo', 'zstd'].includes(job.compress) ? job.compress : 'zstd') as '0' | 'gzip' | 'lzo' | 'zstd',
              notesTemplate: job.notesTemplate,
              pruneBackups: prune,
            }),
          );
        }
        return upids;
      },
      done: `Ran backup job ${p.id} (${guestCount(selected)}).`,
    };
  },
};

/** "2 containers", "1 container, 1 VM", "3 VMs". */
function guestCount(guests: ReadonlyArray<{ type: string }>): string {
  const cts = guests.filter((g) => g.type !== 'qemu').length;
  const vms = guests.length - cts;
  const parts = [...(cts || !vms ? [`${cts} container${cts === 1 ? '' : 's'}`] : []), ...(vms ? [`${vms} VM${vms === 1 ? '' : 's'}`] : [])];
  return parts.join(', ');
}

/**
 * Runs one backup operation (the caller holds the row's lease): checks the token's privileges,
 * starts the PVE tasks, records each UPID before waiting, streams their logs to the channel, ends
 * the row with PVE's verdict and an audit row, and refreshes the cluster's backup catalog.
 * A row found running with recorded UPIDs is followed, never started again.
 */
export async function runBackupOperation(deps: OperationDeps, op: Operation, opts: { lastAttempt: boolean }): Promise<void> {
  const { db, redis } = deps;
  const kind = op.kind as BackupOpKind;
  const def: BackupOpDef = BACKUP_OPERATIONS[kind];
  const claimed = await claimOrResume(deps, op);
  if (!claimed) return; // cancelled before it started
  op = claimed;
  const resumed = op.attempts > 1;
  const parsed = OPERATION_PARAMS[kind].safeParse(op.params);
  if (!op.nodeId || !parsed.success) {
    await finishOperation(deps, op, 'failed', 'This operation names no node or has invalid options.');
    return;
  }
  const actor = await actorOf(db, op);
  const params = parsed.data as OperationParams<BackupOpKind>;
  const restoreOver = kind === 'backup.restore' && (params as OperationParams<'backup.restore'>).overwrite;
  let node: Node;
  try {
    node = (await nodeForRole(db, op.userId, op.nodeId, restoreOver ? 'owner' : def.need)).node;
  } catch (e) {
    if (!isAppError(e)) throw e;
    await finishOperation(deps, op, 'failed', e.message);
    return;
  }
  const pve = pveClientForNode(node);
  const audit = (outcome: 'success' | 'failure', message: string, extra: Record<string, string | number | null> = {}) =>
    recordAudit(db, {
      userId: actor.id,
      actor: actor.username,
      action: kind,
      outcome,
      targetType: kind.startsWith('backup-job') ? 'backup-job' : 'container',
      targetId: kind.startsWith('backup-job') ? `${node.id}/${(params as { id: string }).id}` : `${node.id}/${op.vmid ?? ''}`,
      targetName: op.targetName ?? undefined,
      ip: actor.ip,
      detail: { message, ...extra },
    });
  // The lists pages read are refreshed before the row ends: whoever sees "succeeded" finds the new
  // archive (a restore right after its backup), and a restored VMID is free again.
  const finish = async (state: 'succeeded' | 'failed', message: string, extra?: Parameters<typeof finishOperation>[4]) => {
    await afterBackupOperation(deps, kind, node, op);
    await finishOperation(deps, op, state, message, extra);
  };
  let done: string;
  try {
    if (op.upids.length === 0) {
      const plan = await (PLANS[kind] as (ctx: PlanCtx, p: unknown) => Promise<Plan>)({ pve, node, op }, params);
      done = plan.done;
      const record = async (upid: string) => {
        await db.operation.update({ where: { id: op.id }, data: { upids: { push: upid } } });
        op.upids.push(upid);
        await emit(redis, op.id, { type: 'task', upid, label: def.label });
      };
      // Resumed without UPIDs: a dead worker may have started the tasks; those are followed, not run again.
      const adopted = new Set<string>();
      if (resumed && op.startedAt) {
        for (const t of plan.tasks ?? []) {
          const upid = await findUnrecordedTask(db, pve, { ...t, tokenId: node.tokenId, startedAt: op.startedAt });
          if (!upid) continue;
          adopted.add(t.pveNode);
          await record(upid);
          await emit(redis, op.id, { type: 'log', text: `Following ${t.type} task ${upid}, started before this worker took over.` });
        }
      }
      const rest = (plan.tasks ?? []).filter((t) => !adopted.has(t.pveNode));
      if (!plan.tasks || rest.length > 0) {
        const lacking = lackingPrivileges(await pve.permissions(undefined, { timeoutMs: 15_000 }), plan.needs);
        if (lacking.length && adopted.size === 0) {
          const message = lackingPrivilegesRefusal(node.tokenId, def.feature, [...new Set(lacking)]);
          await audit('failure', message);
          await finish('failed', message, { lacking: [...new Set(lacking)] });
          return;
        }
        for (const upid of await plan.start(adopted)) await record(upid);
      }
    } else done = `${def.past} ${op.targetName ?? ''}.`.replace(' .', '.');
    let warnings = 0;
    for (const upid of op.upids) {
      const streaming: Promise<void>[] = [];
      const r = await pve.waitForTask(parseUpid(upid).node, upid, {
        timeout: def.timeoutMs,
        pollInterval: 500,
        signal: deps.signal,
        onLog: (text) => void streaming.push(emit(redis, op.id, { type: 'log', text })),
      });
      await Promise.all(streaming);
      if (r.warnings) warnings++;
    }
    await audit('success', done, { upids: op.upids.join(' ') || null });
    await finish('succeeded', warnings ? `${done} (with warnings; see the log)` : done, { upids: op.upids });
  } catch (e) {
    if (deps.signal?.aborted) throw new OperationRetry('Worker shutting down; the next worker follows the task.', { cause: e });
    if (e instanceof NotThere) {
      await audit('failure', e.message);
      await finish('failed', e.message);
      return;
    }
    if (!isPveError(e)) {
      if (!opts.lastAttempt) throw e;
      deps.log.error(`operation ${op.id} (${kind}) failed`, { error: e });
      await finish('failed', 'Kiln could not finish this operation (an internal error; see the worker log).');
      return;
    }
    if (isPveError(e, 'task-failed')) for (const text of e.task?.logTail ?? []) await emit(redis, op.id, { type: 'log', text });
    const reason = pveReason(e) ?? e.message;
    const message = ['unreachable', 'auth', 'tls-mismatch', 'tls-untrusted'].includes(e.kind) ? e.userMessage : `Proxmox VE refused: ${reason}`;
    await audit('failure', message);
    await finish('failed', message, { upids: op.upids });
  }
}

/** The lists pages read are refreshed at once; a restored VMID is free to cache again. */
async function afterBackupOperation(deps: OperationDeps, kind: BackupOpKind, node: Node, op: Operation): Promise<void> {
  const clusterKey = clusterKeyOf(node);
  await refreshCatalog(deps.redis, node).catch((e: unknown) => deps.log.warn('backup catalog refresh failed', { error: e }));
  if (kind === 'backup.restore' && op.vmid) {
    await deps.redis.del(vmidReserveKey(clusterKey, op.vmid)).catch(() => undefined);
    await deps.vmids.invalidate(op.userId, node.id).catch(() => undefined);
  }
  if (kind === 'backup.restore' || kind === 'backup.create') await deps.redis.del(pollLockKey(clusterKey)).catch(() => undefined);
}
