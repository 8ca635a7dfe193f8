import { ConflictError, NotFoundError, isAppError } from '@kiln/core';
import type { Db } from '@kiln/db';
import { isPveError, type PveClient } from '@kiln/pve';
import type { Redis } from '@kiln/redis';
import { pollLockKey } from '../keys';
import type { NodeRole } from '../nodes/access';
import type { Actor } from '../nodes/service';
import type { VmidService } from '../vmid/service';
import { pveReason } from './errors';
import { locateContainer, type ContainerRef, type LocatedContainer } from './locate';
import { ProgressWriter, progressKey } from './progress';
import { containerName, recordContainerChange } from './record';

export const POWER_OPS = ['start', 'stop', 'shutdown', 'reboot'] as const;
export type PowerOp = (typeof POWER_OPS)[number];
export type ContainerOp = PowerOp | 'delete';

/** What the user sees after an action: PVE's verdict and its task log. */
export interface ActionOutcome {
  ok: boolean;
  op: ContainerOp;
  nodeId: string;
  vmid: number;
  name: string;
  upid?: string;
  exitstatus?: string;
  message: string;
  log: string[];
}

const PAST: Record<ContainerOp, string> = { start: 'Started', stop: 'Stopped', shutdown: 'Shut down', reboot: 'Rebooted', delete: 'Deleted' };
const NOUN: Record<ContainerOp, string> = { start: 'Start', stop: 'Stop', shutdown: 'Shutdown', reboot: 'Reboot', delete: 'Delete' };

/** Clean shutdown waits this long inside the container before PVE gives up (then Stop is the way). */
const SHUTDOWN_TIMEOUT_S = 60;
/** The least role on the node each operation needs: deleting is the owner's call alone. */
export const OP_NEEDS: Record<ContainerOp, NodeRole> = { start: 'operator', stop: 'operator', shutdown: 'operator', reboot: 'operator', delete: 'owner' };
const TASK_TIMEOUT_MS: Record<ContainerOp, number> = { start: 120_000, stop: 120_000, reboot: 180_000, shutdown: (SHUTDOWN_TIMEOUT_S + 60) * 1000, delete: 300_000 };

export interface ContainerActionDeps {
  db: Db;
  redis: Redis;
  vmids: VmidService;
}

function startTask(pve: PveClient, pveNode: string, vmid: number, op: ContainerOp, force: boolean): Promise<string> {
  switch (op) {
    case 'start':
      return pve.lxcStart(pveNode, vmid);
    case 'stop':
      return pve.lxcStop(pveNode, vmid);
    case 'shutdown':
      return pve.lxcShutdown(pveNode, vmid, { timeout: SHUTDOWN_TIMEOUT_S });
    case 'reboot':
      return pve.lxcReboot(pveNode, vmid);
    case 'delete':
      // purge: also drop it from backup jobs, replication and HA; unreferenced disks go too.
      return pve.lxcDelete(pveNode, vmid, { purge: true, destroyUnreferencedDisks: true, force: force || undefined });
  }
}

/**
 * Start, stop, shut down, reboot and delete containers through the PVE API. Each call waits for
 * the PVE task (streaming its log to the progress key), then records the outcome in the audit
 * log and, for containers Kiln created, on their timeline.
 */
export class ContainerActions {
  constructor(private readonly deps: ContainerActionDeps) {}

  async run(actor: Actor, ref: ContainerRef, op: ContainerOp, opts: { progressId?: string; force?: boolean } = {}): Promise<ActionOutcome> {
    const { db, redis } = this.deps;
    const loc = await locateContainer(this.deps, actor.id, ref, { fresh: true, need: OP_NEEDS[op] });
    if (op === 'delete' && loc.kiln?.lifecycle === 'creating') {
      throw new ConflictError('Kiln is still creating this container. Wait for it to finish or fail, then delete it from its page.');
    }
    if (!loc.guest || !loc.pveNode) {
      if (op === 'delete' && loc.kiln && loc.kiln.lifecycle !== 'deleted') return this.forgetMissing(actor, loc);
      throw new NotFoundError('Container');
    }
    const pveNode = loc.pveNode;
    const progress = new ProgressWriter(redis, opts.progressId ? progressKey(actor.id, opts.progressId) : undefined, op, ref.vmid);
    const base = { op, nodeId: ref.nodeId, vmid: ref.vmid, name: containerName(loc) };
    let upid: string | undefined;
    try {
      upid = await startTask(loc.pve, pveNode, ref.vmid, op, opts.force ?? false);
      progress.update({ state: 'running', upid });
      const result = await loc.pve.waitForTask(pveNode, upid, { timeout: TASK_TIMEOUT_MS[op], pollInterval: 500, onLog: (line) => progress.line(line) });
      const message = `${PAST[op]} ${base.name}.${result.warnings ? ` (${result.exitstatus})` : ''}`;
      progress.update({ state: 'ok', message });
      if (op === 'delete') await this.afterDelete(actor, loc);
      await recordContainerChange(db, actor, loc, { action: `container.${op}`, outcome: 'success', message: `${PAST[op]} by ${actor.username}`, detail: { upid, exitstatus: result.exitstatus, force: opts.force || undefined } });
      return { ...base, ok: true, upid, exitstatus: result.exitstatus, message, log: progress.lines };
    } catch (e) {
      if (!isPveError(e) && !(isAppError(e) && e.code === 'SSH')) throw e;
      const reason = pveReason(e) ?? e.message;
      const message = isPveError(e, 'timeout') && upid
        ? `${NOUN[op]} is still running on ${pveNode} after ${Math.round(TASK_TIMEOUT_MS[op] / 1000)} s; see History for its log.`
        : isPveError(e) && !['unreachable', 'auth', 'permission', 'tls-mismatch', 'tls-untrusted'].includes(e.kind)
          ? `Proxmox VE refused: ${reason}`
          : isPveError(e) ? e.userMessage : reason;
      progress.update({ state: 'failed', message });
      await recordContainerChange(db, actor, loc, { action: `container.${op}`, outcome: 'failure', message: `${NOUN[op]} failed: ${reason}`, detail: { upid, reason } });
      return { ...base, ok: false, upid, exitstatus: isPveError(e, 'task-failed') ? e.task?.exitstatus : undefined, message, log: progress.lines.length ? progress.lines : isPveError(e) ? e.task?.logTail ?? [] : [] };
    } finally {
      await progress.settled();
      // Let the poller refresh this cluster on its next tick so tables show the new state soon.
      await redis.del(pollLockKey(loc.clusterKey)).catch(() => undefined);
    }
  }

  /** Several containers at once (the table's bulk actions); each gets its own outcome. */
  async runMany(actor: Actor, refs: ContainerRef[], op: PowerOp): Promise<ActionOutcome[]> {
    const out: ActionOutcome[] = new Array(refs.length);
    let next = 0;
    // A few at a time: PVE serialises per-node work anyway, and a big selection must not flood it.
    const worker = async () => {
      while (next < refs.length) {
        const i = next++;
        const ref = refs[i]!;
        try {
          out[i] = await this.run(actor, ref, op);
        } catch (e) {
          out[i] = { ok: false, op, nodeId: ref.nodeId, vmid: ref.vmid, name: `CT ${ref.vmid}`, message: isAppError(e) ? e.message : 'Unexpected error.', log: [] };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, refs.length) }, worker));
    return out;
  }

  /** The VMID is free again, and Kiln's row keeps its history under lifecycle `deleted`. */
  private async afterDelete(actor: Actor, loc: LocatedContainer): Promise<void> {
    await this.deps.vmids.invalidate(actor.id, loc.ref.nodeId);
    if (loc.kiln && loc.kiln.lifecycle !== 'deleted') {
      await this.deps.db.container.update({ where: { id: loc.kiln.id }, data: { lifecycle: 'deleted', deletedAt: new Date() } });
    }
  }

  /** A Kiln row whose container is already gone from Proxmox VE: mark it deleted, keep its history. */
  private async forgetMissing(actor: Actor, loc: LocatedContainer): Promise<ActionOutcome> {
    await this.afterDelete(actor, loc);
    await recordContainerChange(this.deps.db, actor, loc, { action: 'container.delete', outcome: 'success', message: `Removed by ${actor.username} (it no longer existed on Proxmox VE)`, detail: { missing: true } });
    return { ok: true, op: 'delete', nodeId: loc.ref.nodeId, vmid: loc.ref.vmid, name: containerName(loc), message: `${containerName(loc)} no longer existed on Proxmox VE; Kiln marked it deleted.`, log: [] };
  }
}
