/**
 * Deletes Kiln's own pre-update snapshots once their update's keep time has passed. Only the
 * snapshots an update operation recorded, and only if their name carries Kiln's prefix: a snapshot
 * the user took, or renamed into the prefix by hand, is never touched.
 */
import type { Logger } from '@kiln/core';
import type { Db, Prisma } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { UPDATE_SNAPSHOT_SWEEP_KEY, UPDATE_SNAPSHOT_SWEEP_TTL_SECONDS } from '../keys';
import { pveClientForNode } from '../nodes/pve-client';
import { PRE_UPDATE_SNAPSHOT_PREFIX } from '../schemas/updates';

interface Kept {
  snapname?: string;
}

export interface SnapshotSweep {
  deleted: string[];
  failed: string[];
}

/** One sweep (`now` for tests); `force` skips the hourly Redis guard. */
export async function cleanupUpdateSnapshots(deps: { db: Db; redis: Redis; log: Logger }, opts: { now?: Date; force?: boolean } = {}): Promise<SnapshotSweep> {
  const report: SnapshotSweep = { deleted: [], failed: [] };
  if (!opts.force && (await deps.redis.set(UPDATE_SNAPSHOT_SWEEP_KEY, '1', 'EX', UPDATE_SNAPSHOT_SWEEP_TTL_SECONDS, 'NX')) !== 'OK') return report;
  const now = opts.now ?? new Date();
  const ops = await deps.db.operation.findMany({
    // keepUntilMs (a JSON number, compared in PostgreSQL) is cleared once the snapshot is gone.
    where: { kind: 'container.update', state: { in: ['succeeded', 'failed'] }, result: { path: ['keepUntilMs'], lt: now.getTime() } },
    select: { id: true, vmid: true, result: true, node: true },
    take: 50,
    orderBy: { finishedAt: 'asc' },
  });
  for (const op of ops) {
    const r = (op.result ?? {}) as Kept;
    const snapname = r.snapname;
    const done = () => deps.db.operation.update({ where: { id: op.id }, data: { result: { ...(op.result as Prisma.JsonObject), keepUntilMs: null, snapshotDeletedAt: new Date().toISOString() } } });
    if (!snapname?.startsWith(PRE_UPDATE_SNAPSHOT_PREFIX) || !op.node || !op.vmid) {
      await done();
      continue;
    }
    try {
      const pve = pveClientForNode(op.node);
      const guest = (await pve.clusterResources('vm', { timeoutMs: 15_000 })).find((g) => g.type === 'lxc' && g.vmid === op.vmid);
      if (guest && (await pve.lxcSnapshots(guest.node, op.vmid)).some((s) => s.name === snapname)) {
        await pve.waitForTask(guest.node, await pve.lxcSnapshotDelete(guest.node, op.vmid, snapname), { timeout: 10 * 60_000 });
        report.deleted.push(`${op.vmid}/${snapname}`);
      }
      await done();
    } catch (e) {
      report.failed.push(`${op.vmid}/${snapname}`);
      deps.log.warn(`could not delete pre-update snapshot ${snapname} of CT ${op.vmid}`, { error: e });
    }
  }
  return report;
}
