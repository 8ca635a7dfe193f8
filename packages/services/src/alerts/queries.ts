import { NotFoundError, ValidationError } from '@kiln/core';
import type { AlertKind, AlertState, Db } from '@kiln/db';
import { z } from 'zod';
import { clusterKeyOf } from '../inventory/clusters';
import { listChannels, recentDeliveries } from './channels';
import { listRules } from './rule-service';
import { ALERT_KINDS } from './rules';

/**
 * What a user reads and does with their alerts. Every query is scoped by the owner: alerts belong
 * to the owner of the node they are about, and nobody else sees them.
 */
export const alertFilterSchema = z.object({
  state: z.enum(['open', 'firing', 'acknowledged', 'resolved', 'all']).default('open'),
  kind: z.enum(ALERT_KINDS).optional(),
  q: z.string().trim().max(100).optional(),
  take: z.number().int().min(1).max(200).default(50),
});
export type AlertFilter = z.input<typeof alertFilterSchema>;

export async function listAlerts(db: Db, userId: string, raw: AlertFilter = {}) {
  const f = alertFilterSchema.parse(raw);
  const state: AlertState[] = f.state === 'open' ? ['firing', 'acknowledged'] : f.state === 'all' ? ['firing', 'acknowledged', 'resolved'] : [f.state];
  return db.alert.findMany({
    where: { userId, state: { in: state }, ...(f.kind ? { kind: f.kind as AlertKind } : {}), ...(f.q ? { title: { contains: f.q, mode: 'insensitive' as const } } : {}) },
    orderBy: { firedAt: 'desc' },
    take: f.take,
    select: {
      id: true,
      kind: true,
      severity: true,
      state: true,
      title: true,
      detail: true,
      nodeId: true,
      pveNode: true,
      vmid: true,
      affected: true,
      firedAt: true,
      acknowledgedAt: true,
      ackNote: true,
      resolvedAt: true,
      snoozedUntil: true,
    },
  });
}

/** The sidebar badge: alerts firing and not acknowledged. */
export function firingAlertCount(db: Db, userId: string): Promise<number> {
  return db.alert.count({ where: { userId, state: 'firing' } });
}

/** The state of the user's open container alerts by "<clusterKey>|<vmid>" (firing wins): the containers table's `alert:` filter and badges. */
export async function openAlertStates(db: Db, userId: string): Promise<Map<string, 'firing' | 'acknowledged'>> {
  return statesOf(await db.alert.findMany({ where: { userId, state: { not: 'resolved' }, vmid: { not: null } }, select: { clusterKey: true, vmid: true, state: true } }));
}

/**
 * `firingAlertCount` and `openAlertStates` from one query (their where clauses, applied here):
 * what a cached containers view keys on.
 */
export async function openAlertSummary(db: Db, userId: string): Promise<{ firing: number; states: Map<string, 'firing' | 'acknowledged'> }> {
  const rows = await db.alert.findMany({ where: { userId, state: { not: 'resolved' } }, select: { clusterKey: true, vmid: true, state: true } });
  return { firing: rows.filter((r) => r.state === 'firing').length, states: statesOf(rows.filter((r) => r.vmid !== null)) };
}

function statesOf(rows: { clusterKey: string; vmid: number | null; state: string }[]): Map<string, 'firing' | 'acknowledged'> {
  const out = new Map<string, 'firing' | 'acknowledged'>();
  for (const r of rows) {
    const key = `${r.clusterKey}|${r.vmid}`;
    if (r.state === 'firing' || !out.has(key)) out.set(key, r.state === 'firing' ? 'firing' : 'acknowledged');
  }
  return out;
}

/** Open alerts about one container (its page), or about one node and its containers (the node page); the owner's only. */
export async function openAlertsAbout(db: Db, userId: string, target: { nodeId: string; vmid?: number }) {
  const node = await db.node.findFirst({ where: { id: target.nodeId, userId }, select: { id: true, userId: true, clusterName: true, pveNodeName: true } });
  if (!node) return [];
  const about = target.vmid !== undefined ? { vmid: target.vmid } : { OR: [{ nodeId: node.id }, ...(node.pveNodeName ? [{ pveNode: node.pveNodeName }] : [])] };
  return db.alert.findMany({
    where: { userId, clusterKey: clusterKeyOf(node), state: { not: 'resolved' }, ...about },
    orderBy: { firedAt: 'desc' },
    take: 20,
    select: { id: true, kind: true, state: true, title: true, firedAt: true, vmid: true },
  });
}

export const acknowledgeSchema = z.object({ id: z.uuid(), note: z.string().trim().max(500).default('') });

export async function acknowledgeAlert(db: Db, userId: string, raw: z.input<typeof acknowledgeSchema>): Promise<void> {
  const { id, note } = acknowledgeSchema.parse(raw);
  const n = await db.alert.updateMany({ where: { id, userId, state: 'firing' }, data: { state: 'acknowledged', acknowledgedAt: new Date(), ackNote: note || null } });
  if (n.count === 0) {
    const exists = await db.alert.findFirst({ where: { id, userId }, select: { state: true } });
    if (!exists) throw new NotFoundError('The alert');
    throw new ValidationError(exists.state === 'resolved' ? 'This alert is already resolved.' : 'This alert is already acknowledged.');
  }
}

export const snoozeSchema = z.object({
  id: z.uuid(),
  minutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
});

/** No notifications about this alert (its resolution, or its reopening) until then. */
export async function snoozeAlert(db: Db, userId: string, raw: z.input<typeof snoozeSchema>): Promise<Date> {
  const { id, minutes } = snoozeSchema.parse(raw);
  const until = new Date(Date.now() + minutes * 60_000);
  const n = await db.alert.updateMany({ where: { id, userId }, data: { snoozedUntil: until } });
  if (n.count === 0) throw new NotFoundError('The alert');
  return until;
}

export const maintenanceSchema = z
  .object({
    nodeId: z.uuid().optional(),
    tag: z.string().trim().min(1).max(64).optional(),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    note: z.string().trim().max(200).default(''),
  })
  .refine((w) => Boolean(w.nodeId) !== Boolean(w.tag), { message: 'Choose a node or a tag.', path: ['nodeId'] })
  .refine((w) => w.endsAt > w.startsAt, { message: 'The window must end after it starts.', path: ['endsAt'] });

export async function addMaintenanceWindow(db: Db, userId: string, raw: z.input<typeof maintenanceSchema>): Promise<{ id: string }> {
  const w = maintenanceSchema.parse(raw);
  if (w.nodeId && !(await db.node.findFirst({ where: { id: w.nodeId, userId }, select: { id: true } }))) throw new NotFoundError('The node');
  return db.maintenanceWindow.create({ data: { userId, nodeId: w.nodeId ?? null, tag: w.tag ?? null, startsAt: w.startsAt, endsAt: w.endsAt, note: w.note }, select: { id: true } });
}

export function listMaintenanceWindows(db: Db, userId: string) {
  return db.maintenanceWindow.findMany({ where: { userId, endsAt: { gt: new Date() } }, orderBy: { startsAt: 'asc' } });
}

export async function deleteMaintenanceWindow(db: Db, userId: string, id: string): Promise<void> {
  const n = await db.maintenanceWindow.deleteMany({ where: { id, userId } });
  if (n.count === 0) throw new NotFoundError('The maintenance window');
}

/** Settings → Notifications: channels with their last deliveries, rules, maintenance windows, and the user's nodes to pick from. */
export async function notificationSettings(db: Db, userId: string) {
  const [channels, rules, windows, nodes] = await Promise.all([
    listChannels(db, userId),
    listRules(db, userId),
    listMaintenanceWindows(db, userId),
    db.node.findMany({ where: { userId }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
  ]);
  const deliveries = await Promise.all(channels.map((c) => recentDeliveries(db, userId, c.id, 5)));
  return { channels: channels.map((c, i) => ({ ...c, deliveries: deliveries[i] ?? [] })), rules, windows, nodes };
}
export type NotificationSettings = Awaited<ReturnType<typeof notificationSettings>>;
