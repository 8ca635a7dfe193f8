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

/**
 * One delivery per enabled channel of the alert's owner (resolved events only to channels that
 * want them). The unique (alert, channel, event) makes a repeated call create nothing new.
 */
export async function enqueueDeliveries(db: Db, userId: string, alertId: string, event: 'firing' | 'resolved'): Promise<string[]> {
  const channels = await db.channel.findMany({ where: { userId, enabled: true, ...(event === 'resolved' ? { sendResolved: true } : {}) }, select: { id: true } });
  if (channels.length === 0) return [];
  await db.delivery.createMany({ data: channels.map((c) => ({ alertId, channelId: c.id, event })), skipDuplicates: true });
  const rows = await db.delivery.findMany({ where: { alertId, event, state: 'pending', attempts: 0 }, select: { id: true } });
  const ids = rows.map((r) => r.id);
  await enqueueDeliveryJobs(ids);
  return ids;
}

/** A maintenance window of the user covers this target now (its node, or one of its tags). */
export async function suppressedNow(db: Db, userId: string, target: { nodeId?: string | undefined; tags: readonly string[] }, now: number): Promise<boolean> {
  const at = new Date(now);
  const or = [...(target.nodeId ? [{ nodeId: target.nodeId }] : []), ...(target.tags.length ? [{ tag: { in: [...target.tags] } }] : [])];
  if (or.length === 0) return false;
  const hit = await db.maintenanceWindow.findFirst({ where: { userId, startsAt: { lte: at }, endsAt: { gt: at }, OR: or }, select: { id: true } });
  return hit !== null;
}
