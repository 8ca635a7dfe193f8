import type { Logger } from '@kiln/core';
import type { Db, Node } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { ALERT_STATE_TTL_SECONDS, ALERT_STORAGE_TREND_TTL_SECONDS, alertStateKey, alertStorageTrendKey } from '../keys';
import { readCatalogs } from '../backups/catalog';
import { refreshInBackground } from '../backups/view';
import type { ClusterSnapshot } from '../inventory/snapshot';
import { operationDef } from '../operations/table';
import { evaluateCluster, storageKeyOf, type BackupFacts, type FailedOperation, type FiringCondition, type PendingUpdates } from './evaluate';
import { recordSample, type StorageSample } from './trend';
import { RuleSet } from './rules';
import { enqueueDeliveries, loadAudience, suppressed, type Audience } from './notify';

export interface AlertEngineDeps {
  db: Db;
  redis: Redis;
  log: Logger;
}

/** Failures of these Kiln operations raise an alert (creation, update, backup and restore, settings). */
export const ALERTING_OPERATION_KINDS = ['container.create', 'container.update', 'backup.create', 'backup.restore', 'backup-job.run', 'container.configure', 'container.resize'];

/** Failed operations are looked for from this field's time on (ms), so each one alerts once. */
const OPS_MARK = '@ops';
/** The backup catalog and update checks were last read then (ms): they change far slower than a poll. */
const SLOW_MARK = '@slow';
const SLOW_EVERY_MS = 60_000;
/** The backup_age rule wants a catalog at most this old: older (or none, nobody opened Backups), the engine asks for a refresh. */
const CATALOG_MAX_AGE_MS = 3_600_000;

export interface EvaluationSummary {
  fired: string[];
  reopened: string[];
  resolved: string[];
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}

/**
 * Evaluates the owner's rules against one cluster poll, right after the poller stored it: no
 * request to Proxmox of its own. Safe with several workers: an alert opens only if the database
 * accepts its open key (one open alert per condition), and only the worker whose write won
 * creates the deliveries.
 */
export async function evaluateAlerts(
  deps: AlertEngineDeps,
  snap: ClusterSnapshot,
  prev: ClusterSnapshot | null,
  nodes: readonly Pick<Node, 'id' | 'pveNodeName'>[],
  now = Date.now(),
): Promise<EvaluationSummary> {
  const { db, redis } = deps;
  const userId = snap.clusterKey.split(':')[0]!;
  const nodeIds = nodes.map((n) => n.id);
  const stateKey = alertStateKey(snap.clusterKey);
  const trendKey = alertStorageTrendKey(snap.clusterKey);
  const [rules, open, rawState, rawTrend] = await Promise.all([
    db.alertRule.findMany({
      where: { userId },
      select: { kind: true, scope: true, scopeRef: true, enabled: true, trigger: true, clear: true, forSeconds: true, cooldownSeconds: true, days: true, severity: true, channelIds: true },
    }),
    // service_down alerts are the check runner's (checks/run.ts): a poll neither holds nor resolves them.
    db.alert.findMany({ where: { clusterKey: snap.clusterKey, state: { not: 'resolved' }, kind: { not: 'service_down' } }, select: { id: true, conditionKey: true, kind: true } }),
    redis.hgetall(stateKey),
    redis.hgetall(trendKey),
  ]);
  const state = new Map(Object.entries(rawState).map(([k, v]) => [k, Number(v)]));
  const fresh = snap.error === undefined || snap.fetchedAt === snap.attemptedAt;
  const storageSamples = await sampleStorages(redis, trendKey, rawTrend, fresh ? snap : null, now);
  const slowDue = fresh && now - (state.get(SLOW_MARK) ?? 0) >= SLOW_EVERY_MS;
  const slow = slowDue ? await readSlowFacts(deps, snap, nodeIds[0], now) : { backups: null, updates: null };

  // Stops Kiln asked for: operations on guests that went from running to stopped in this window.
  const prevRunning = new Set((prev?.guests ?? []).filter((g) => g.status === 'running').map((g) => g.vmid));
  const justStopped = snap.guests.filter((g) => g.status === 'stopped' && prevRunning.has(g.vmid)).map((g) => g.vmid);
  const windowStart = new Date((prev?.attemptedAt ?? now) - 10_000);
  const opsSince = state.get(OPS_MARK) ?? now;
  const [operatedRows, failedRows] = await Promise.all([
    justStopped.length && nodeIds.length
      ? db.operation.findMany({
          where: { nodeId: { in: nodeIds }, vmid: { in: justStopped }, OR: [{ state: { in: ['queued', 'running'] } }, { finishedAt: { gte: windowStart } }] },
          select: { vmid: true },
        })
      : [],
    nodeIds.length
      ? db.operation.findMany({
          where: { nodeId: { in: nodeIds }, state: 'failed', kind: { in: ALERTING_OPERATION_KINDS }, finishedAt: { gt: new Date(opsSince), lte: new Date(now) } },
          select: { id: true, kind: true, targetName: true, vmid: true, nodeId: true, message: true },
          take: 50,
        })
      : [],
  ]);
  const failedOperations: FailedOperation[] = failedRows.map((o) => ({ ...o, noun: operationDef(o.kind)?.noun ?? o.kind }));

  const nodeIdsByPveName = new Map<string, string[]>();
  for (const n of nodes) if (n.pveNodeName) nodeIdsByPveName.set(n.pveNodeName, [...(nodeIdsByPveName.get(n.pveNodeName) ?? []), n.id]);

  const result = evaluateCluster({
    snap,
    prev,
    rules: new RuleSet(rules),
    state,
    open,
    operated: new Set(operatedRows.map((o) => o.vmid).filter((v): v is number => v !== null)),
    failedOperations,
    nodeIdsByPveName,
    clusterNodeIds: nodeIds,
    storageSamples,
    backups: slow.backups,
    updates: slow.updates,
    now,
  });
  result.state.set(OPS_MARK, now);
  if (slowDue) result.state.set(SLOW_MARK, now);

  // State first: a crash after this line loses at most one poll's firing, never fires twice.
  // Only what changed is written (most conditions keep their "since" from one poll to the next).
  const tx = redis.multi();
  const gone = Object.keys(rawState).filter((k) => !result.state.has(k));
  if (gone.length) tx.hdel(stateKey, ...gone);
  const changed = [...result.state].filter(([k, v]) => rawState[k] !== String(v)).flatMap(([k, v]) => [k, String(v)]);
  if (changed.length) tx.hset(stateKey, ...changed);
  await tx.expire(stateKey, ALERT_STATE_TTL_SECONDS).exec();

  const summary: EvaluationSummary = { fired: [], reopened: [], resolved: [] };
  if (result.fire.length === 0 && result.resolve.length === 0) return summary;
  const audience = await loadAudience(db, userId, now);
  // Each condition is its own row: they open and resolve side by side, not one after another.
  await Promise.all([
    ...result.fire.map((cond) => openAlert(deps, audience, userId, snap.clusterKey, cond, now, summary)),
    ...result.resolve.map((id) => resolveAlert(deps, audience, id, now, summary)),
  ]);
  return summary;
}

async function openAlert(deps: AlertEngineDeps, audience: Audience, userId: string, clusterKey: string, cond: FiringCondition, now: number, summary: EvaluationSummary): Promise<void> {
  const { db } = deps;
  // Flapping: a condition back within the cooldown reopens its last alert, without a second notification.
  if (cond.rule.cooldownSeconds > 0) {
    const recent = await db.alert.findFirst({
      where: { conditionKey: cond.key, state: 'resolved', resolvedAt: { gte: new Date(now - cond.rule.cooldownSeconds * 1000) } },
      orderBy: { resolvedAt: 'desc' },
      select: { id: true },
    });
    if (recent) {
      try {
        const n = await db.alert.updateMany({
          where: { id: recent.id, state: 'resolved' },
          data: { state: 'firing', openKey: cond.key, resolvedAt: null, title: cond.title, detail: cond.detail, affected: cond.affected },
        });
        if (n.count) summary.reopened.push(recent.id);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      return;
    }
  }
  let alertId: string;
  try {
    const alert = await db.alert.create({
      data: {
        userId,
        kind: cond.kind,
        conditionKey: cond.key,
        openKey: cond.key,
        clusterKey,
        title: cond.title,
        detail: cond.detail,
        nodeId: cond.nodeId ?? null,
        pveNode: cond.pveNode ?? null,
        vmid: cond.vmid ?? null,
        affected: cond.affected,
        severity: cond.rule.severity,
        channelIds: [...cond.rule.channelIds],
        firedAt: new Date(now),
      },
      select: { id: true },
    });
    alertId = alert.id;
  } catch (e) {
    if (isUniqueViolation(e)) return; // another worker opened it first; its deliveries are its own
    throw e;
  }
  summary.fired.push(alertId);
  if (suppressed(audience, { nodeId: cond.nodeId, tags: cond.tags })) return;
  await enqueueDeliveries(db, audience, alertId, 'firing', { severity: cond.rule.severity, channelIds: cond.rule.channelIds }, now);
}

async function resolveAlert(deps: AlertEngineDeps, audience: Audience, id: string, now: number, summary: EvaluationSummary): Promise<void> {
  const { db } = deps;
  const [alert] = await db.alert.updateManyAndReturn({
    where: { id, state: { not: 'resolved' } },
    data: { state: 'resolved', openKey: null, resolvedAt: new Date(now) },
    select: { nodeId: true, snoozedUntil: true, severity: true, channelIds: true },
  });
  if (!alert) return; // another worker resolved it
  summary.resolved.push(id);
  if (alert.snoozedUntil && alert.snoozedUntil.getTime() > now) return;
  if (suppressed(audience, { nodeId: alert.nodeId ?? undefined, tags: [] })) return;
  await enqueueDeliveries(db, audience, id, 'resolved', { severity: alert.severity, channelIds: alert.channelIds }, now);
}

/** Adds this poll's usage of each storage to its trend (one sample per storage every 10 minutes). */
async function sampleStorages(redis: Redis, key: string, raw: Record<string, string>, snap: ClusterSnapshot | null, now: number): Promise<Map<string, StorageSample[]>> {
  const out = new Map<string, StorageSample[]>();
  for (const [k, v] of Object.entries(raw)) {
    try {
      out.set(k, JSON.parse(v) as StorageSample[]);
    } catch {
      // a damaged field starts over
    }
  }
  if (!snap) return out;
  const changed: string[] = [];
  for (const s of snap.storages ?? []) {
    if (s.status !== 'available' || s.disk === undefined) continue;
    const k = storageKeyOf(s);
    if (changed.includes(k)) continue;
    const next = recordSample(out.get(k) ?? [], now, s.disk);
    if (!next) continue;
    out.set(k, next);
    changed.push(k, JSON.stringify(next));
  }
  if (changed.length)
    await redis
      .multi()
      .hset(key, ...changed)
      .expire(key, ALERT_STORAGE_TREND_TTL_SECONDS)
      .exec();
  return out;
}

/** The cluster's backups (from its cached catalog) and pending security updates (from the update checks). */
async function readSlowFacts(deps: AlertEngineDeps, snap: ClusterSnapshot, viaNodeId: string | undefined, now: number): Promise<{ backups: BackupFacts | null; updates: PendingUpdates[] }> {
  const [[catalog], statuses] = await Promise.all([
    readCatalogs(deps.redis, [snap.clusterKey]),
    deps.db.containerUpdateStatus.findMany({ where: { clusterKey: snap.clusterKey, security: { gt: 0 }, securitySince: { not: null } }, select: { vmid: true, security: true, securitySince: true } }),
  ]);
  const updates = statuses.map((s) => ({ vmid: s.vmid, security: s.security, since: s.securitySince!.getTime() }));
  // The worker's catalog job reads it (a page does the same); this poll goes on with what there is.
  if (viaNodeId && (!catalog || now - catalog.fetchedAt > CATALOG_MAX_AGE_MS)) {
    await refreshInBackground(deps.redis, snap.clusterKey, snap.clusterKey.split(':')[0]!, viaNodeId).catch((e: unknown) => deps.log.warn('backup catalog refresh not queued', { error: e }));
  }
  if (!catalog) return { backups: null, updates };
  const lastOk = new Map<number, number>();
  for (const a of catalog.archives) if (a.vmid !== null) lastOk.set(a.vmid, Math.max(lastOk.get(a.vmid) ?? 0, a.ctime * 1000));
  const covered = new Set<number>(lastOk.keys());
  // In a job: every guest of the cluster but those the catalog lists as covered by none.
  if (catalog.jobs && catalog.jobs.length > 0 && catalog.notBackedUp) {
    const uncovered = new Set(catalog.notBackedUp);
    for (const g of snap.guests) if (!uncovered.has(g.vmid)) covered.add(g.vmid);
  }
  const failed = catalog.failures ? new Map(catalog.failures.map((f) => [f.vmid, { at: f.at * 1000, pveNode: f.pveNode, reason: f.reason, by: f.by }])) : null;
  return { backups: { covered, lastOk, failed }, updates };
}
