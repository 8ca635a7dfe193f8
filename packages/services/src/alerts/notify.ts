import type { AlertSeverity, Db } from '@kiln/db';
import { quietUntil, severityAtLeast } from './quiet';
import { enqueue } from '@kiln/queue';

/** Retries of one delivery: 5 s, 10 s, 20 s, 40 s, 80 s apart, then it stays failed on the channel. */
export const DELIVERY_ATTEMPTS = 6;
export const DELIVERY_BACKOFF_MS = 5_000;

/** Queues the deliveries of an alert event (or a test) by id; the job id is the delivery id, so a second enqueue is a no-op. */
export async function enqueueDeliveryJobs(ids: readonly string[], delayMs = 0): Promise<void> {
  for (const deliveryId of ids) {
    await enqueue(
      'deliverNotification',
      { deliveryId },
      { jobId: `delivery-${deliveryId}`, attempts: DELIVERY_ATTEMPTS, backoff: { type: 'exponential', delay: DELIVERY_BACKOFF_MS }, ...(delayMs > 0 ? { delay: delayMs } : {}) },
    );
  }
}

/** Who hears of one user's alerts now: their enabled channels and the maintenance windows on now (read once per evaluation). */
export interface AudienceChannel {
  id: string;
  sendResolved: boolean;
  minSeverity: AlertSeverity;
  quietStart: string | null;
  quietEnd: string | null;
  quietTimeZone: string | null;
}

export interface Audience {
  channels: AudienceChannel[];
  windows: { nodeId: string | null; tag: string | null }[];
}

export async function loadAudience(db: Db, userId: string, now: number): Promise<Audience> {
  const at = new Date(now);
  const [channels, windows] = await Promise.all([
    db.channel.findMany({ where: { userId, enabled: true }, select: { id: true, sendResolved: true, minSeverity: true, quietStart: true, quietEnd: true, quietTimeZone: true } }),
    db.maintenanceWindow.findMany({ where: { userId, startsAt: { lte: at }, endsAt: { gt: at } }, select: { nodeId: true, tag: true } }),
  ]);
  return { channels, windows };
}

/** A maintenance window covers this target (its node, or one of its tags). */
export function suppressed(audience: Audience, target: { nodeId?: string | undefined; tags: readonly string[] }): boolean {
  return audience.windows.some((w) => (w.nodeId !== null && w.nodeId === target.nodeId) || (w.tag !== null && target.tags.includes(w.tag)));
}

/** Where an alert goes: its rule's severity and channels (empty: all). */
export interface Route {
  severity: AlertSeverity;
  channelIds: readonly string[];
}

/**
 * The channels an alert event goes to now, and which of them hold it until their quiet hours end:
 * the rule's channels (all when it names none) that take its severity; during a channel's quiet
 * hours only critical alerts go out at once, the others are held (see `runDelivery`).
 */
export function routeTo(audience: Audience, route: Route, event: 'firing' | 'resolved', now: number): { channelId: string; heldUntil: number | undefined }[] {
  return audience.channels
    .filter((c) => (event === 'firing' || c.sendResolved) && (route.channelIds.length === 0 || route.channelIds.includes(c.id)) && severityAtLeast(route.severity, c.minSeverity))
    .map((c) => ({
      channelId: c.id,
      heldUntil: route.severity !== 'critical' && c.quietStart && c.quietEnd && c.quietTimeZone ? quietUntil({ start: c.quietStart, end: c.quietEnd, timeZone: c.quietTimeZone }, now) : undefined,
    }));
}

/**
 * One delivery per channel the route picks. The unique (alert, channel, event) makes a repeated
 * call create nothing new; one that finds rows already there (a crash between writing and
 * queuing) queues those not tried yet. Held deliveries are queued delayed to their end.
 */
export async function enqueueDeliveries(db: Db, audience: Audience, alertId: string, event: 'firing' | 'resolved', route: Route, now = Date.now()): Promise<string[]> {
  const targets = routeTo(audience, route, event, now);
  if (targets.length === 0) return [];
  const created = await db.delivery.createManyAndReturn({
    data: targets.map((t) => ({ alertId, channelId: t.channelId, event, heldUntil: t.heldUntil !== undefined ? new Date(t.heldUntil) : null })),
    skipDuplicates: true,
    select: { id: true, heldUntil: true },
  });
  const rows = created.length === targets.length ? created : await db.delivery.findMany({ where: { alertId, event, state: 'pending', attempts: 0 }, select: { id: true, heldUntil: true } });
  for (const r of rows) await enqueueDeliveryJobs([r.id], r.heldUntil ? r.heldUntil.getTime() - now : 0);
  return rows.map((r) => r.id);
}
