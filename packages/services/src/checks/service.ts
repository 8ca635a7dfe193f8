import { NotFoundError } from '@kiln/core';
import { templateSchema } from '@kiln/core/templates';
import type { Db } from '@kiln/db';
import { clusterKeyOf } from '../inventory/clusters';
import { nodeForRole } from '../nodes/access';
import { containerSpecSchema } from '../provisioning/spec';
import { visibleTo } from '../scopes';
import { resolveCheckAlert } from './alert';
import { defaultChecks } from './defaults';
import {
  serviceCheckIdSchema,
  createServiceCheckSchema,
  pauseServiceCheckSchema,
  updateServiceCheckSchema,
  type CheckFields,
  type CreateServiceCheckInput,
  type UpdateServiceCheckInput,
} from './schema';

/** The chart shows this much history (the table keeps more, see SERVICE_CHECK_HISTORY_DAYS). */
const CHART_HOURS = 24;
const CHART_POINTS = 300;

/**
 * Adds the template's default checks to a container Kiln just created or adopted. Idempotent: a
 * container that has checks already (a resumed creation, a user's own) gets none added.
 */
export async function addDefaultChecks(db: Db, containerId: string): Promise<number> {
  const row = await db.container.findUnique({ where: { id: containerId }, select: { spec: true, template: { select: { spec: true } }, _count: { select: { checks: true } } } });
  if (!row?.template || row._count.checks > 0) return 0;
  const template = templateSchema.safeParse(row.template.spec);
  const spec = containerSpecSchema.safeParse(row.spec);
  if (!template.success) return 0;
  const checks = defaultChecks(template.data, spec.success ? spec.data.params : {});
  if (checks.length === 0) return 0;
  const res = await db.serviceCheck.createMany({ data: checks.map((c) => ({ ...c, containerId, source: 'template' })) });
  return res.count;
}

/** The Kiln row a container page stands for (the live one), visible to the user. */
function findVisibleContainer(db: Db, userId: string, ref: { nodeId: string; vmid: number }) {
  return db.container.findFirst({
    where: { nodeId: ref.nodeId, vmid: ref.vmid, deletedAt: null, lifecycle: { not: 'deleted' }, ...visibleTo(userId).containers },
    orderBy: { createdAt: 'desc' },
    select: { id: true, nodeId: true },
  });
}

/** A container's checks with their recent results, for its page; nothing for a user who cannot see the container. */
export async function listChecks(db: Db, userId: string, ref: { nodeId: string; vmid: number }, now = Date.now()) {
  const ct = await findVisibleContainer(db, userId, ref);
  if (!ct) return null;
  const checks = await db.serviceCheck.findMany({ where: { containerId: ct.id }, orderBy: { createdAt: 'asc' } });
  const since = new Date(now - CHART_HOURS * 3600 * 1000);
  const history = await Promise.all(
    checks.map((c) =>
      db.serviceCheckResult.findMany({ where: { checkId: c.id, at: { gte: since } }, orderBy: { at: 'desc' }, take: CHART_POINTS, select: { at: true, status: true, latencyMs: true } }),
    ),
  );
  return checks.map((c, i) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    host: c.host,
    port: c.port,
    path: c.path,
    expectStatus: c.expectStatus,
    keyword: c.keyword,
    tlsWarnDays: c.tlsWarnDays,
    intervalSeconds: c.intervalSeconds,
    timeoutMs: c.timeoutMs,
    failuresToAlert: c.failuresToAlert,
    enabled: c.enabled,
    source: c.source,
    lastStatus: c.lastStatus,
    lastCheckedAt: c.lastCheckedAt?.toISOString() ?? null,
    lastLatencyMs: c.lastLatencyMs,
    lastError: c.lastError,
    consecutiveFailures: c.consecutiveFailures,
    tlsExpiresAt: c.tlsExpiresAt?.toISOString() ?? null,
    history: history[i]!.reverse().map((r) => ({ at: r.at.getTime(), status: r.status, latencyMs: r.latencyMs })),
  }));
}
export type CheckView = NonNullable<Awaited<ReturnType<typeof listChecks>>>[number];

const fieldsData = (f: CheckFields) => ({
  name: f.name,
  kind: f.kind,
  host: f.host ?? null,
  port: f.port,
  path: f.path,
  expectStatus: f.expectStatus ?? null,
  keyword: f.keyword ?? null,
  tlsWarnDays: f.tlsWarnDays,
  intervalSeconds: f.intervalSeconds,
  timeoutMs: f.timeoutMs,
  failuresToAlert: f.failuresToAlert,
  enabled: f.enabled,
});

/** Adding a check takes operator access to the container's node (what running it changes is the owner's alerts). */
export async function createCheck(db: Db, userId: string, raw: CreateServiceCheckInput): Promise<{ id: string }> {
  const { nodeId, vmid, ...fields } = createServiceCheckSchema.parse(raw);
  await nodeForRole(db, userId, nodeId, 'operator');
  const ct = await findVisibleContainer(db, userId, { nodeId, vmid });
  if (!ct) throw new NotFoundError('Container');
  return db.serviceCheck.create({ data: { ...fieldsData(fields), containerId: ct.id, source: 'user' }, select: { id: true } });
}

/** The check with its container's node, if the user may change it (operator on the node); not found otherwise. */
async function changeableCheck(db: Db, userId: string, id: string) {
  const check = await db.serviceCheck.findFirst({
    where: { id, container: visibleTo(userId).containers },
    select: { id: true, enabled: true, container: { select: { nodeId: true, node: { select: { id: true, userId: true, clusterName: true } } } } },
  });
  if (!check) throw new NotFoundError('Service check');
  await nodeForRole(db, userId, check.container.nodeId, 'operator');
  return check;
}

/** A paused or deleted check takes its open alert with it: nothing watches the condition any more. */
async function settle(db: Db, check: Awaited<ReturnType<typeof changeableCheck>>): Promise<void> {
  const node = check.container.node;
  await resolveCheckAlert(db, { checkId: check.id, clusterKey: clusterKeyOf(node), ownerId: node.userId, nodeId: node.id, tags: [] }, Date.now());
}

export async function updateCheck(db: Db, userId: string, raw: UpdateServiceCheckInput): Promise<void> {
  const { id, ...fields } = updateServiceCheckSchema.parse(raw);
  const check = await changeableCheck(db, userId, id);
  // An edited check runs again at once, and counts its failures afresh.
  await db.serviceCheck.update({ where: { id }, data: { ...fieldsData(fields), nextRunAt: new Date(), consecutiveFailures: 0, failingSince: null, lastStatus: 'unknown' } });
  await settle(db, check);
}

export async function setCheckEnabled(db: Db, userId: string, raw: { id: string; enabled: boolean }): Promise<void> {
  const { id, enabled } = pauseServiceCheckSchema.parse(raw);
  const check = await changeableCheck(db, userId, id);
  await db.serviceCheck.update({
    where: { id },
    data: enabled ? { enabled, nextRunAt: new Date() } : { enabled, consecutiveFailures: 0, failingSince: null, lastStatus: 'unknown' },
  });
  if (!enabled) await settle(db, check);
}

export async function deleteCheck(db: Db, userId: string, raw: { id: string }): Promise<void> {
  const { id } = serviceCheckIdSchema.parse(raw);
  const check = await changeableCheck(db, userId, id);
  await settle(db, check);
  await db.serviceCheck.delete({ where: { id } });
}
