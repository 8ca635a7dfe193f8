/**
 * When containers are checked: daily, each at its own minute of the day (a stable hash of its
 * cluster and VMID), so a fleet is spread over the day and never checked all at once. A
 * repeatable job runs `runUpdateTick` every minute; it picks the running containers whose minute
 * it is, plus a few overdue ones (never checked, or their minute was missed while no worker ran).
 */
import { createHash } from 'node:crypto';
import type { Db, Node } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { groupByCluster } from '../inventory/clusters';
import type { GuestRow } from '../inventory/snapshot';
import { readSnapshots } from '../inventory/snapshot-cache';
import { pveClientForNode } from '../nodes/pve-client';
import { UPDATES_TICK_LOCK, UPDATES_TICK_LOCK_TTL_SECONDS } from '../keys';
import { checkContainers, type CheckSummary, type CheckTarget } from './check';

export const CHECK_PERIOD_MS = 24 * 3600_000;
const MINUTES_PER_DAY = 1440;
/** A container checked less than this long ago is not checked again at its minute (restarts, clock skew). */
const RECHECK_AFTER_MS = CHECK_PERIOD_MS / 2;
/** Checked longer ago than this (or never): overdue, checked soon, a few per cluster and minute. */
const OVERDUE_AFTER_MS = CHECK_PERIOD_MS + 3600_000;
export const OVERDUE_PER_TICK = 10;
/** A cached cluster snapshot older than this is asked again from Proxmox VE. */
const SNAPSHOT_MAX_AGE_MS = 10 * 60_000;

/** The container's minute of the day (0..1439), stable across runs and workers. */
export function checkMinute(clusterKey: string, vmid: number): number {
  return createHash('sha256').update(`${clusterKey}|${vmid}`).digest().readUInt32BE(0) % MINUTES_PER_DAY;
}

const minuteOfDay = (d: Date) => d.getUTCHours() * 60 + d.getUTCMinutes();

/** The registered node Kiln reaches `pveNode` through: one of the cluster's whose PVE name matches, SSH ok first. */
export function sshNodeFor(clusterNodes: Node[], pveNode: string): Node | null {
  const candidates = clusterNodes.filter((n) => n.pveNodeName === pveNode && n.sshHostKeyFingerprint);
  return candidates.find((n) => n.sshState === 'ok') ?? candidates[0] ?? null;
}

/** The running containers of a cluster: the poller's snapshot when recent, else one question to Proxmox VE. */
export async function runningContainers(redis: Redis, clusterKey: string, nodes: Node[], now = Date.now()): Promise<GuestRow[]> {
  const [snap] = await readSnapshots(redis, [clusterKey]);
  let guests = snap && snap.fetchedAt !== null && now - snap.fetchedAt < SNAPSHOT_MAX_AGE_MS ? snap.guests : undefined;
  for (const node of nodes) {
    if (guests) break;
    guests = await pveClientForNode(node)
      .clusterResources('vm', { timeoutMs: 15_000 })
      .then((rs) =>
        rs.flatMap((r) =>
          r.type === 'lxc' ? [{ vmid: r.vmid, type: 'lxc' as const, name: r.name ?? `CT ${r.vmid}`, node: r.node, status: r.status, tags: r.tags ?? [], template: r.template ?? false }] : [],
        ),
      )
      .catch(() => undefined);
  }
  return (guests ?? []).filter((g) => g.type === 'lxc' && !g.template && g.status === 'running');
}

/** The containers due at `now`, over every registered node of every user. */
export async function dueTargets(deps: { db: Db; redis: Redis }, now: Date): Promise<CheckTarget[]> {
  const nodes = await deps.db.node.findMany({ where: { sshHostKeyFingerprint: { not: null } }, orderBy: { createdAt: 'asc' } });
  const groups = groupByCluster(nodes);
  const keys = [...groups.keys()];
  const rows = await deps.db.containerUpdateStatus.findMany({ where: { clusterKey: { in: keys } }, select: { clusterKey: true, vmid: true, checkedAt: true } });
  const lastChecked = new Map(rows.map((r) => [`${r.clusterKey}|${r.vmid}`, r.checkedAt.getTime()]));
  const minute = minuteOfDay(now);
  const out: CheckTarget[] = [];
  // Side by side: a cluster whose poll is stale (its node down) is asked live, and must not hold up the others.
  // The snapshot's age is real time, whatever tick time `now` stands for.
  const running = await Promise.all([...groups].map(([clusterKey, clusterNodes]) => runningContainers(deps.redis, clusterKey, clusterNodes)));
  for (const [i, [clusterKey, clusterNodes]] of [...groups].entries()) {
    const guests = running[i]!;
    const overdue: { target: CheckTarget; at: number }[] = [];
    for (const g of guests) {
      const at = lastChecked.get(`${clusterKey}|${g.vmid}`);
      const age = at === undefined ? Infinity : now.getTime() - at;
      const target = { clusterKey, vmid: g.vmid, pveNode: g.node, sshNode: sshNodeFor(clusterNodes, g.node) };
      if (checkMinute(clusterKey, g.vmid) === minute && age > RECHECK_AFTER_MS) out.push(target);
      else if (age > OVERDUE_AFTER_MS) overdue.push({ target, at: at ?? 0 });
    }
    out.push(
      ...overdue
        .sort((a, b) => a.at - b.at || a.target.vmid - b.target.vmid)
        .slice(0, OVERDUE_PER_TICK)
        .map((o) => o.target),
    );
  }
  return out;
}

/** One scheduler tick: checks what is due, unless another worker's tick still runs. */
export async function runUpdateTick(deps: { db: Db; redis: Redis }, now = new Date()): Promise<CheckSummary & { due: number; skipped?: boolean }> {
  const got = await deps.redis.set(UPDATES_TICK_LOCK, String(now.getTime()), 'EX', UPDATES_TICK_LOCK_TTL_SECONDS, 'NX');
  if (got !== 'OK') return { due: 0, checked: 0, failed: 0, pending: 0, security: 0, skipped: true };
  try {
    const due = await dueTargets(deps, now);
    return { due: due.length, ...(await checkContainers(deps, due)) };
  } finally {
    await deps.redis.del(UPDATES_TICK_LOCK);
  }
}
