import { ConflictError, NotFoundError, ValidationError } from '@kiln/core';
import { Prisma, type AlertSeverity, type Db } from '@kiln/db';
import type { z } from 'zod';
import { secretBox } from '../secrets';
import { channelInputSchema, channelSchemas, type ChannelInput, type ChannelKindName } from './channel-schema';
import { enqueueDeliveryJobs } from './notify';

export const channelSecret = (id: string) => ({ table: 'Channel', id, field: 'secrets' });

/** What the settings page shows of a channel: never its secrets, only whether they are set. */
export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKindName;
  config: Record<string, unknown>;
  enabled: boolean;
  sendResolved: boolean;
  minSeverity: AlertSeverity;
  /** "HH:MM" or null. */
  quietStart: string | null;
  quietEnd: string | null;
  quietTimeZone: string | null;
  hasSecrets: boolean;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastSuccessAt: Date | null;
}

function fieldErrors(prefix: string, e: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  // One level deep: "config.to" for a bad recipient, "secrets.headers" for a bad header (the form's fields).
  for (const i of e.issues) out[[prefix, ...i.path.slice(0, 1).map(String)].filter(Boolean).join('.')] ??= i.message;
  return out;
}

export async function listChannels(db: Db, userId: string): Promise<ChannelView[]> {
  const rows = await db.channel.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    config: (r.config ?? {}) as Record<string, unknown>,
    enabled: r.enabled,
    sendResolved: r.sendResolved,
    minSeverity: r.minSeverity,
    quietStart: r.quietStart,
    quietEnd: r.quietEnd,
    quietTimeZone: r.quietTimeZone,
    hasSecrets: r.secretsEnc !== null,
    lastError: r.lastError,
    lastErrorAt: r.lastErrorAt,
    lastSuccessAt: r.lastSuccessAt,
  }));
}

/** Creates or edits one of the user's channels; secrets left empty on an edit keep the stored ones. */
export async function saveChannel(db: Db, userId: string, raw: ChannelInput): Promise<{ id: string }> {
  const parsed = channelInputSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError('Check the highlighted fields.', fieldErrors('', parsed.error));
  const input = parsed.data;
  const schema = channelSchemas[input.kind];
  const config = schema.config.safeParse(input.config);
  if (!config.success) throw new ValidationError('Check the highlighted fields.', fieldErrors('config', config.error));
  const existing = input.id ? await db.channel.findFirst({ where: { id: input.id, userId }, select: { id: true, kind: true, secretsEnc: true } }) : null;
  if (input.id && !existing) throw new NotFoundError('The channel');
  const keep = existing && existing.kind === input.kind && existing.secretsEnc && (!input.secrets || Object.values(input.secrets).every((v) => v === '' || v === undefined));
  let secretsJson: string | undefined;
  if (!keep) {
    const secrets = schema.secrets.safeParse(input.secrets ?? {});
    if (!secrets.success) throw new ValidationError('Check the highlighted fields.', fieldErrors('secrets', secrets.error));
    secretsJson = JSON.stringify(secrets.data);
  }
  const quiet = input.quietStart ? { quietStart: input.quietStart, quietEnd: input.quietEnd, quietTimeZone: input.quietTimeZone } : { quietStart: null, quietEnd: null, quietTimeZone: null };
  const data = { name: input.name, kind: input.kind, config: config.data as Prisma.InputJsonValue, enabled: input.enabled, sendResolved: input.sendResolved, minSeverity: input.minSeverity, ...quiet };
  try {
    if (existing) {
      await db.channel.update({
        where: { id: existing.id },
        data: { ...data, ...(secretsJson !== undefined ? { secretsEnc: secretBox().seal(secretsJson, channelSecret(existing.id)) } : {}), lastError: null, lastErrorAt: null },
      });
      return { id: existing.id };
    }
    // The id is chosen first: the sealed secrets are bound to it.
    const id = crypto.randomUUID();
    await db.channel.create({ data: { id, userId, ...data, secretsEnc: secretBox().seal(secretsJson ?? '{}', channelSecret(id)) } });
    return { id };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')
      throw new ConflictError('You already have a channel with this name.', { name: 'You already have a channel with this name.' });
    throw e;
  }
}

export async function deleteChannel(db: Db, userId: string, id: string): Promise<void> {
  const n = await db.channel.deleteMany({ where: { id, userId } });
  if (n.count === 0) throw new NotFoundError('The channel');
}

/** "Send test": a delivery without an alert, sent by the worker like any other. */
export async function sendTestNotification(db: Db, userId: string, channelId: string): Promise<{ deliveryId: string }> {
  const channel = await db.channel.findFirst({ where: { id: channelId, userId }, select: { id: true } });
  if (!channel) throw new NotFoundError('The channel');
  const d = await db.delivery.create({ data: { channelId: channel.id, event: 'test' }, select: { id: true } });
  await enqueueDeliveryJobs([d.id]);
  return { deliveryId: d.id };
}

/** The last deliveries of a channel, newest first (state, attempts, error): what "failures are visible" shows. */
export async function recentDeliveries(db: Db, userId: string, channelId: string, take = 20) {
  return db.delivery.findMany({
    where: { channelId, channel: { userId } },
    orderBy: { createdAt: 'desc' },
    take,
    select: { id: true, event: true, state: true, attempts: true, lastError: true, createdAt: true, sentAt: true, alert: { select: { id: true, title: true } } },
  });
}
