import type { Logger } from '@kiln/core';
import { recordAudit, type Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { clusterKeyOf } from '../inventory/clusters';
import { ORPHAN_REPORT_TTL_SECONDS, orphanReportedKey } from '../keys';
import { readSnapshots } from '../inventory/snapshot-cache';
import { addEvent } from './events';
import { enqueueProvisioning, hasLiveJob } from './jobs';
import { CreationChannel, currentCreationOperation } from './operation';

const STALE_MS = 30_000;
const TAG = /^kiln-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export interface JanitorReport {
  requeued: string[];
  orphans: { clusterKey: string; vmid: number; node: string; name: string; tag: string }[];
}

/**
 * Keeps creations moving and reports what does not add up. Rows left in `creating` with no live
 * job (a worker died, a job was lost) are enqueued again; containers carrying a Kiln tag with no
 * matching row are reported, never deleted.
 */
export async function runJanitor(deps: { db: Db; redis: Redis; log: Logger }): Promise<JanitorReport> {
  const { db, redis, log } = deps;
  const report: JanitorReport = { requeued: [], orphans: [] };
  const cutoff = new Date(Date.now() - STALE_MS);
  const stuck = await db.container.findMany({
    where: { lifecycle: 'creating', updatedAt: { lt: cutoff }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: new Date() } }] },
    select: { id: true, attempt: true, hostname: true },
  });
  for (const row of stuck) {
    if (await hasLiveJob(row.id, row.attempt)) continue;
    const attempt = row.attempt + 1;
    const claimed = await db.container.updateMany({ where: { id: row.id, attempt: row.attempt, lifecycle: 'creating' }, data: { attempt } });
    if (claimed.count !== 1) continue; // another janitor got there first
    await addEvent(db, row.id, 'warn', 'requeued', 'No worker was working on this creation; it was queued again and resumes where it stopped.');
    await new CreationChannel(db, redis, (await currentCreationOperation(db, row.id))?.id).emit({
      type: 'log',
      text: 'No worker was working on this creation; it was queued again and resumes where it stopped.',
    });
    await enqueueProvisioning(row.id, attempt);
    report.requeued.push(row.id);
    log.warn(`requeued stuck creation ${row.id} (${row.hostname})`);
  }

  const nodes = await db.node.findMany({ select: { id: true, userId: true, clusterName: true } });
  const keys = [...new Set(nodes.map(clusterKeyOf))];
  const snaps = await readSnapshots(redis, keys);
  for (const [i, key] of keys.entries()) {
    const snap = snaps[i];
    if (!snap) continue;
    const tagged = snap.guests.flatMap((g) =>
      g.tags
        .map((t) => ({ g, m: TAG.exec(t) }))
        .filter((x) => x.m)
        .map((x) => ({ g: x.g, id: x.m![1]!, tag: x.m![0] })),
    );
    if (tagged.length === 0) continue;
    const rows = await db.container.findMany({ where: { id: { in: tagged.map((t) => t.id) }, lifecycle: { not: 'deleted' } }, select: { id: true } });
    const known = new Set(rows.map((r) => r.id));
    for (const t of tagged) {
      if (known.has(t.id)) continue;
      report.orphans.push({ clusterKey: key, vmid: t.g.vmid, node: t.g.node, name: t.g.name, tag: t.tag });
      // Report each orphan once a day, not on every pass.
      const fresh = await redis.set(orphanReportedKey(key, t.g.vmid), '1', 'EX', ORPHAN_REPORT_TTL_SECONDS, 'NX');
      if (fresh) {
        const userId = key.split(':')[0]!;
        log.warn(`CT ${t.g.vmid} (${t.g.name}) on ${t.g.node} carries ${t.tag} but Kiln has no such creation; left alone`);
        await recordAudit(db, {
          userId,
          actor: 'janitor',
          action: 'container.orphan-found',
          outcome: 'failure',
          targetType: 'container',
          targetId: String(t.g.vmid),
          targetName: t.g.name,
          detail: { node: t.g.node, tag: t.tag, note: 'Not deleted: check it in Proxmox.' },
        });
      }
    }
  }
  return report;
}
