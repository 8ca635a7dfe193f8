import type { Db } from '@kiln/db';
import { enqueue } from '@kiln/queue';

/** Retries of one delivery: 5 s, 10 s, 20 s, 40 s, 80 s apart, then it stays failed on the channel. */
export const DELIVERY_ATTEMPTS = 6;
export const DELIVERY_BACKOFF_MS = 5_000;

/** Queues the deliveries of an alert event (or a test) by id; the job id is the delivery id, so a second enqueue is a no-op. */
export async function enqueueDeliveryJobs(ids: readonly string[]): Promise<void> {
  for (const deliveryId of ids) {
    await enqueue('deliverNotification', { deliveryId }, { jobId: `delivery-${deliveryId}`, attempts: DELIVERY_ATTEMPTS, backoff: { type: 'exponential', delay: DELIVERY_BACKOFF_MS } });
  }
}

/** Who hears of one user's alerts now: their enabled channels and the maintenance windows on now (read once per evaluation). */
export interface Audience {
  channels: { id: string; sendResolved: boolean }[];
  windows: { nodeId: string | null; tag: string | null }[];
}

export async function loadAudience(db: Db, userId: string, now: number): Promise<Audience> {
  const at = new Date(now);
  const [channels, windows] = await Promise.all([
    db.channel.findMany({ where: { userId, enabled: true }, select: { id: true, sendResolved: true } }),
    db.maintenanceWindow.findMany({ where: { userId, startsAt: { lte: at }, endsAt: { gt: at } }, select: { nodeId: true, tag: true } }),
  ]);
  return { channels, windows };
}

/** A maintenance window covers this target (its node, or one of its tags). */
export function suppressed(audience: Audience, target: { nodeId?: string | undefined; tags: readonly string[] }): boolean {
  return audience.windows.some((w) => (w.nodeId !== null && w.nodeId === target.nodeId) || (w.tag !== null && target.tags.includes(w.tag)));
}

/**
 * One delivery per enabled channel of the alert's owner (resolved events only to channels that
 * want them). The unique (alert, channel, event) makes a repeated call create nothing new; one
 * that finds rows already there (a crash between writing and queuing) queues those not tried yet.
 */
export async function enqueueDeliveries(db: Db, audience: Audience, alertId: string, event: 'firing' | 'resolved'): Promise<string[]> {
  const channels = audience.channels.filter((c) => event === 'firing' || c.sendResolved);
  if (channels.length === 0) return [];
  const created = await db.delivery.createManyAndReturn({ data: channels.map((c) => ({ alertId, channelId: c.id, event })), skipDuplicates: true, select: { id: true } });
  const rows = created.length === channels.length ? created : await db.delivery.findMany({ where: { alertId, event, state: 'pending', attempts: 0 }, select: { id: true } });
  const ids = rows.map((r) => r.id);
  await enqueueDeliveryJobs(ids);
  return ids;
}
