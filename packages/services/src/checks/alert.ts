import type { Db } from '@kiln/db';
import { enqueueDeliveries, loadAudience, suppressed } from '../alerts/notify';
import { RuleSet, type EffectiveRule } from '../alerts/rules';

/** A check's one alert condition: at most one open service_down alert per check (Alert.openKey). */
export const checkConditionKey = (clusterKey: string, checkId: string) => `${clusterKey}|check|${checkId}|service_down`;

/** What the alert says about the check and where it sits (the node owner receives it, like every alert about the node). */
export interface CheckAlertTarget {
  checkId: string;
  checkName: string;
  ownerId: string;
  clusterKey: string;
  nodeId: string;
  pveNode: string;
  vmid: number;
  hostname: string;
  tags: readonly string[];
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}

/** The owners' service_down rules, read once per run of the checks. */
export class CheckRules {
  private readonly sets = new Map<string, Promise<RuleSet>>();
  constructor(private readonly db: Db) {}

  ruleFor(t: CheckAlertTarget): Promise<EffectiveRule> {
    let set = this.sets.get(t.ownerId);
    if (!set) {
      set = this.db.alertRule
        .findMany({
          where: { userId: t.ownerId, kind: 'service_down' },
          select: { kind: true, scope: true, scopeRef: true, enabled: true, trigger: true, clear: true, forSeconds: true, cooldownSeconds: true, days: true, severity: true, channelIds: true },
        })
        .then((rows) => new RuleSet(rows));
      this.sets.set(t.ownerId, set);
    }
    return set.then((s) => s.ruleFor('service_down', { nodeIds: [t.nodeId], clusterNodeIds: [t.nodeId], tags: t.tags, vmid: t.vmid }));
  }
}

/**
 * Opens the check's service_down alert (once: the database refuses a second open alert for the
 * condition, whichever worker tries) and queues its notifications like the poll's alerts do. A
 * check failing again within the rule's cooldown reopens its last alert without notifying again.
 */
export async function fireCheckAlert(db: Db, t: CheckAlertTarget, rule: EffectiveRule, error: string, now: number): Promise<string | null> {
  const key = checkConditionKey(t.clusterKey, t.checkId);
  const title = `${t.checkName} on ${t.hostname} (CT ${t.vmid}) is down`;
  if (rule.cooldownSeconds > 0) {
    const recent = await db.alert.findFirst({
      where: { conditionKey: key, state: 'resolved', resolvedAt: { gte: new Date(now - rule.cooldownSeconds * 1000) } },
      orderBy: { resolvedAt: 'desc' },
      select: { id: true },
    });
    if (recent) {
      try {
        await db.alert.updateMany({ where: { id: recent.id, state: 'resolved' }, data: { state: 'firing', openKey: key, resolvedAt: null, title, detail: error } });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      return null;
    }
  }
  let alertId: string;
  try {
    const alert = await db.alert.create({
      data: {
        userId: t.ownerId,
        kind: 'service_down',
        conditionKey: key,
        openKey: key,
        clusterKey: t.clusterKey,
        title,
        detail: error,
        nodeId: t.nodeId,
        pveNode: t.pveNode,
        vmid: t.vmid,
        severity: rule.severity,
        channelIds: [...rule.channelIds],
        firedAt: new Date(now),
      },
      select: { id: true },
    });
    alertId = alert.id;
  } catch (e) {
    if (isUniqueViolation(e)) return null; // already open
    throw e;
  }
  const audience = await loadAudience(db, t.ownerId, now);
  if (!suppressed(audience, { nodeId: t.nodeId, tags: t.tags })) await enqueueDeliveries(db, audience, alertId, 'firing', { severity: rule.severity, channelIds: rule.channelIds }, now);
  return alertId;
}

/** Resolves the check's open alert, if any (the check passes again, was paused or deleted). */
export async function resolveCheckAlert(db: Db, t: Pick<CheckAlertTarget, 'checkId' | 'clusterKey' | 'ownerId' | 'nodeId' | 'tags'>, now: number): Promise<string | null> {
  const [alert] = await db.alert.updateManyAndReturn({
    where: { openKey: checkConditionKey(t.clusterKey, t.checkId) },
    data: { state: 'resolved', openKey: null, resolvedAt: new Date(now) },
    select: { id: true, snoozedUntil: true, severity: true, channelIds: true },
  });
  if (!alert) return null;
  if (alert.snoozedUntil && alert.snoozedUntil.getTime() > now) return alert.id;
  const audience = await loadAudience(db, t.ownerId, now);
  if (!suppressed(audience, { nodeId: t.nodeId, tags: t.tags })) await enqueueDeliveries(db, audience, alert.id, 'resolved', { severity: alert.severity, channelIds: alert.channelIds }, now);
  return alert.id;
}
