import type { Logger } from '@kiln/core';
import type { Db, ServiceCheckStatus } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { clusterKeyOf } from '../inventory/clusters';
import type { ClusterSnapshot, GuestRow } from '../inventory/snapshot';
import { readSnapshots } from '../inventory/snapshot-cache';
import { SERVICE_CHECK_PRUNE_KEY, SERVICE_CHECK_PRUNE_TTL_SECONDS } from '../keys';
import { CheckRules, fireCheckAlert, resolveCheckAlert, type CheckAlertTarget } from './alert';
import { probe, type ProbeResult } from './probe';
import { nextRunAfter } from './schedule';

export interface CheckRunnerDeps {
  db: Db;
  redis: Redis;
  log: Logger;
  /** Probes in flight at once in this worker. */
  concurrency?: number;
  /** Probe loopback and link-local addresses too (KILN_ALLOW_LOOPBACK_NODES). */
  allowInternal: boolean;
  /** Limit the pass to the checks of these containers (a bench or a test beside running workers). */
  containerIds?: readonly string[];
}

/** How often the worker looks for due checks (the shortest interval a check may have is 10 s). */
export const CHECK_TICK_MS = 10_000;
/**
 * Results are kept this long, in PostgreSQL (ServiceCheckResult): the chart joins them to checks
 * the owner may see, and history survives a Redis flush. A 60 s check makes 10 080 rows a week.
 */
export const SERVICE_CHECK_HISTORY_DAYS = 7;
/** A claimed run pushes the check this far ahead; a worker that dies mid-run hands it back after it. */
const CLAIM_MS = 2 * 60_000;
const BATCH = 1000;
/** Probes in flight at once per worker: mostly waiting on sockets, bounded so a slow LAN cannot exhaust descriptors. */
const CHECK_CONCURRENCY = 50;
/** A snapshot older than this says nothing about whether the container runs now. */
const SNAPSHOT_FRESH_MS = 5 * 60_000;

export interface CheckRunSummary {
  ran: number;
  up: number;
  down: number;
  skipped: number;
  fired: number;
  resolved: number;
}

interface Outcome {
  status: ServiceCheckStatus;
  result?: ProbeResult;
  reason?: string;
}

async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * One pass of the service checks: claims the due ones (a conditional update moves their next run
 * ahead, so two workers never run the same check twice), probes them from this worker to each
 * container's address, records the results and opens or resolves their service_down alerts.
 */
export async function runDueChecks(deps: CheckRunnerDeps, now = Date.now()): Promise<CheckRunSummary> {
  const { db } = deps;
  const summary: CheckRunSummary = { ran: 0, up: 0, down: 0, skipped: 0, fired: 0, resolved: 0 };
  await pruneResults(deps, now);
  summary.resolved += await dropChecksOfDeletedContainers(deps, now);
  const due = await db.serviceCheck.findMany({
    where: { enabled: true, nextRunAt: { lte: new Date(now) }, container: { lifecycle: 'ready', deletedAt: null }, ...(deps.containerIds ? { containerId: { in: [...deps.containerIds] } } : {}) },
    orderBy: { nextRunAt: 'asc' },
    take: BATCH,
    select: { id: true, nextRunAt: true },
  });
  if (due.length === 0) return summary;
  const dueAt = new Map(due.map((d) => [d.id, d.nextRunAt.getTime()]));
  // PostgreSQL re-reads a row another worker just claimed and skips it: its next run is no longer due.
  const claimed = await db.serviceCheck.updateManyAndReturn({
    where: { id: { in: due.map((d) => d.id) }, enabled: true, nextRunAt: { lte: new Date(now) } },
    data: { nextRunAt: new Date(now + CLAIM_MS) },
  });
  if (claimed.length === 0) return summary;
  const containers = await db.container.findMany({
    where: { id: { in: [...new Set(claimed.map((c) => c.containerId))] } },
    select: { id: true, vmid: true, hostname: true, pveNode: true, ip: true, node: { select: { id: true, userId: true, clusterName: true } } },
  });
  const containerById = new Map(containers.map((c) => [c.id, c]));
  const clusterKeys = [...new Set(containers.map((c) => clusterKeyOf(c.node)))];
  const snaps = await readSnapshots(deps.redis, clusterKeys, now);
  const snapByKey = new Map<string, ClusterSnapshot>();
  clusterKeys.forEach((k, i) => {
    const s = snaps[i];
    if (s) snapByKey.set(k, s);
  });
  const guests = new Map<string, GuestRow>();
  for (const [k, s] of snapByKey) for (const g of s.guests) if (g.type === 'lxc') guests.set(`${k}|${g.vmid}`, g);
  const guestOf = (clusterKey: string, vmid: number) => guests.get(`${clusterKey}|${vmid}`);
  const rules = new CheckRules(db);
  const results: { checkId: string; at: Date; status: ServiceCheckStatus; latencyMs: number | null; httpStatus: number | null; error: string | null }[] = [];

  await pool(claimed, deps.concurrency ?? CHECK_CONCURRENCY, async (check) => {
    const ct = containerById.get(check.containerId);
    if (!ct) return;
    const clusterKey = clusterKeyOf(ct.node);
    const snap = snapByKey.get(clusterKey);
    const guest = guestOf(clusterKey, ct.vmid);
    const fresh = snap?.fetchedAt != null && Date.now() - snap.fetchedAt < SNAPSHOT_FRESH_MS;
    const host = check.host ?? guest?.ips?.[0] ?? ct.ip ?? undefined;
    const startedAt = Date.now();
    let outcome: Outcome;
    if (fresh && guest && guest.status !== 'running') outcome = { status: 'skipped', reason: `Not checked: the container is ${guest.status}` };
    else if (!host) outcome = { status: 'skipped', reason: 'Not checked: Kiln knows no address of this container (set a host on the check)' };
    else {
      const result = await probe({
        kind: check.kind,
        host,
        port: check.port,
        path: check.path,
        expectStatus: check.expectStatus,
        keyword: check.keyword,
        tlsWarnDays: check.tlsWarnDays,
        timeoutMs: check.timeoutMs,
        allowInternal: deps.allowInternal,
      });
      outcome = { status: result.ok ? 'up' : 'down', result };
    }
    const at = new Date(startedAt);
    results.push({
      checkId: check.id,
      at,
      status: outcome.status,
      latencyMs: outcome.result?.latencyMs ?? null,
      httpStatus: outcome.result?.httpStatus ?? null,
      error: outcome.result?.error ?? outcome.reason ?? null,
    });
    summary.ran++;
    const target: CheckAlertTarget = {
      checkId: check.id,
      checkName: check.name,
      ownerId: ct.node.userId,
      clusterKey,
      nodeId: ct.node.id,
      pveNode: ct.pveNode,
      vmid: ct.vmid,
      hostname: ct.hostname,
      tags: guest?.tags ?? [],
    };
    const failures = outcome.status === 'down' ? check.consecutiveFailures + 1 : outcome.status === 'up' ? 0 : check.consecutiveFailures;
    const failingSince = outcome.status === 'down' ? (check.failingSince ?? at) : outcome.status === 'up' ? null : check.failingSince;
    const n = await db.serviceCheck.updateMany({
      where: { id: check.id },
      data: {
        nextRunAt: new Date(nextRunAfter(dueAt.get(check.id) ?? now, check.intervalSeconds * 1000, now)),
        lastStatus: outcome.status,
        lastCheckedAt: at,
        lastLatencyMs: outcome.result?.latencyMs ?? null,
        lastError: outcome.result?.error ?? outcome.reason ?? null,
        consecutiveFailures: failures,
        failingSince,
        ...(outcome.result?.tlsExpiresAt ? { tlsExpiresAt: outcome.result.tlsExpiresAt } : {}),
      },
    });
    if (n.count === 0) return; // deleted while it ran
    if (outcome.status === 'up') {
      summary.up++;
      if (check.consecutiveFailures > 0 || check.lastStatus === 'down') {
        if (await resolveCheckAlert(db, target, Date.now())) summary.resolved++;
      }
    } else if (outcome.status === 'down') {
      summary.down++;
      if (failures < check.failuresToAlert) return;
      const rule = await rules.ruleFor(target);
      if (!rule.enabled || Date.now() - (failingSince ?? at).getTime() < rule.forSeconds * 1000) return;
      if (await fireCheckAlert(db, target, rule, outcome.result?.error ?? 'The check fails.', Date.now())) summary.fired++;
    } else summary.skipped++;
  });
  if (results.length) await db.serviceCheckResult.createMany({ data: results });
  return summary;
}

/** A deleted container's checks go with it; an alert one had open resolves (nothing watches it any more). */
async function dropChecksOfDeletedContainers(deps: CheckRunnerDeps, now: number): Promise<number> {
  const gone = await deps.db.serviceCheck.findMany({
    where: { container: { OR: [{ deletedAt: { not: null } }, { lifecycle: 'deleted' }] } },
    select: { id: true, container: { select: { node: { select: { id: true, userId: true, clusterName: true } } } } },
    take: BATCH,
  });
  let resolved = 0;
  for (const c of gone) {
    const node = c.container.node;
    if (await resolveCheckAlert(deps.db, { checkId: c.id, clusterKey: clusterKeyOf(node), ownerId: node.userId, nodeId: node.id, tags: [] }, now)) resolved++;
  }
  if (gone.length) await deps.db.serviceCheck.deleteMany({ where: { id: { in: gone.map((c) => c.id) } } });
  return resolved;
}

/** Results past the history window go, hourly at most (one worker: a Redis guard). */
async function pruneResults(deps: CheckRunnerDeps, now: number): Promise<void> {
  const first = await deps.redis.set(SERVICE_CHECK_PRUNE_KEY, String(now), 'EX', SERVICE_CHECK_PRUNE_TTL_SECONDS, 'NX');
  if (first !== 'OK') return;
  const res = await deps.db.serviceCheckResult.deleteMany({ where: { at: { lt: new Date(now - SERVICE_CHECK_HISTORY_DAYS * 24 * 3600 * 1000) } } });
  if (res.count) deps.log.info(`pruned ${res.count} service check result(s) older than ${SERVICE_CHECK_HISTORY_DAYS} days`);
}
