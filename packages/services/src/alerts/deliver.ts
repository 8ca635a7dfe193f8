import type { Logger } from '@kiln/core';
import type { Db } from '@kiln/db';
import { sendOutbound } from '@kiln/pve';
import { createTransport } from 'nodemailer';
import { guardedResolve } from '../catalogue/sync';
import { secretBox } from '../secrets';
import { channelSchemas, type ChannelKindName } from './channel-schema';
import { channelSecret } from './channels';
import { FORMATTERS, subject, type NotificationMessage } from './message';

export interface DeliveryDeps {
  db: Db;
  log: Logger;
  /** Like nodes: channels may post to loopback/private addresses only when the admin allows it. */
  allowInternal: boolean;
}

const TIMEOUT_MS = 10_000;

/** Thrown for a failed attempt; BullMQ retries the job with backoff until its attempts run out. */
export class DeliveryFailed extends Error {}

function redact(text: string, secrets: unknown): string {
  let out = text;
  const walk = (v: unknown) => {
    if (typeof v === 'string' && v.length >= 4) out = out.split(v).join('•••');
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(secrets);
  return out.slice(0, 500);
}

async function send(kind: ChannelKindName, config: unknown, secrets: unknown, m: NotificationMessage, allowInternal: boolean): Promise<void> {
  if (kind === 'email') {
    const c = channelSchemas.email.config.parse(config);
    const s = channelSchemas.email.secrets.parse(secrets);
    const transport = createTransport({
      host: c.host,
      port: c.port,
      secure: c.security === 'tls',
      requireTLS: c.security === 'starttls',
      ignoreTLS: c.security === 'none',
      ...(c.username ? { auth: { user: c.username, pass: s.password ?? '' } } : {}),
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
    try {
      await transport.sendMail({ from: c.from, to: c.to, subject: subject(m), text: `${m.title}\n\n${m.detail}\n` });
    } finally {
      transport.close();
    }
    return;
  }
  const schema = channelSchemas[kind];
  const format = FORMATTERS[kind] as (m: NotificationMessage, c: unknown, s: unknown) => { url: string; headers: Record<string, string>; body: string };
  const req = format(m, schema.config.parse(config), schema.secrets.parse(secrets));
  await guardedResolve(req.url, allowInternal);
  const res = await sendOutbound(req.url, { headers: req.headers, body: req.body, timeoutMs: TIMEOUT_MS });
  if (res.status < 200 || res.status >= 300) throw new DeliveryFailed(`HTTP ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`);
}

/**
 * Quiet hours hold non-critical notifications until they end. An alert that resolved meanwhile
 * is not news: its held firing is dropped, and so is its resolution unless its firing went out
 * (before the quiet hours began).
 */
async function heldForNothing(db: Db, d: { alertId: string | null; channelId: string; event: string; alert: { state: string } | null }): Promise<boolean> {
  if (d.event === 'firing') return d.alert?.state === 'resolved';
  if (d.event !== 'resolved' || !d.alertId) return false;
  const firing = await db.delivery.findUnique({ where: { alertId_channelId_event: { alertId: d.alertId, channelId: d.channelId, event: 'firing' } }, select: { state: true } });
  return firing?.state !== 'sent';
}

/**
 * Sends one delivery. Idempotent: a delivery already sent is not sent again (a job handed out
 * twice, or two workers). Each failure is written on the delivery and on its channel, so the
 * settings page shows why; the error text never holds the channel's secrets.
 */
export async function runDelivery(deps: DeliveryDeps, deliveryId: string, opts: { lastAttempt: boolean }): Promise<{ sent: boolean }> {
  const { db } = deps;
  const d = await db.delivery.findUnique({ where: { id: deliveryId }, include: { channel: true, alert: true } });
  if (!d || d.state === 'sent' || d.state === 'dropped') return { sent: false };
  const ch = d.channel;
  if (d.heldUntil && d.alert && (await heldForNothing(db, d))) {
    await db.delivery.update({ where: { id: d.id }, data: { state: 'dropped', lastError: 'Resolved during quiet hours: not sent.' } });
    return { sent: false };
  }
  const secrets: unknown = ch.secretsEnc ? JSON.parse(secretBox().open(ch.secretsEnc, channelSecret(ch.id))) : {};
  const a = d.alert;
  const m: NotificationMessage = a
    ? {
        event: d.event === 'resolved' ? 'resolved' : 'firing',
        title: a.title,
        detail: d.event === 'resolved' ? `Resolved: ${a.detail}` : a.detail,
        alert: { id: a.id, kind: a.kind, state: a.state, pveNode: a.pveNode, vmid: a.vmid, affected: a.affected, firedAt: a.firedAt.toISOString(), resolvedAt: a.resolvedAt?.toISOString() ?? null },
      }
    : { event: 'test', title: `Test notification from Kiln (${ch.name})`, detail: 'If you can read this, the channel works.' };
  try {
    await send(ch.kind, ch.config, secrets, m, deps.allowInternal);
  } catch (e) {
    const message = redact(e instanceof Error ? e.message || e.name : String(e), secrets);
    const now = new Date();
    await db.delivery.update({ where: { id: d.id }, data: { attempts: { increment: 1 }, lastError: message, state: opts.lastAttempt ? 'failed' : 'pending' } });
    await db.channel.update({ where: { id: ch.id }, data: { lastError: message, lastErrorAt: now } });
    deps.log.warn(`delivery ${d.id} to channel ${ch.id} failed`, { error: message, final: opts.lastAttempt });
    throw new DeliveryFailed(message);
  }
  const now = new Date();
  await db.delivery.update({ where: { id: d.id }, data: { attempts: { increment: 1 }, state: 'sent', sentAt: now, lastError: null } });
  await db.channel.update({ where: { id: ch.id }, data: { lastSuccessAt: now, lastError: null, lastErrorAt: null } });
  return { sent: true };
}
