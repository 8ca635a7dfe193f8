import { randomBytes } from 'node:crypto';
import { sessionIdHash, sessionKeyOfHash } from '@kiln/auth/sessions';
import type { Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import type { PtySession } from '@kiln/ssh';
import type { Actor } from '../nodes/service';
import { ContainerOpError, toContainerOpError } from './errors';
import { locateExistingContainer, type ContainerRef } from './locate';
import { containerName, recordContainerChange } from './record';
import { sshForContainer } from './ssh-target';
import { CONSOLE_TICKET_TTL_SECONDS, consoleTicketKey } from '../keys';

/**
 * Web console tickets. The browser cannot send the session cookie to the worker's websocket (a
 * different port), so an authenticated server action issues a random ticket for one container;
 * the gateway redeems it once (GETDEL), within seconds, from the origin it was issued to.
 * Redis holds only the ticket's hash.
 */
export interface ConsoleTicketData {
  userId: string;
  username: string;
  ip?: string;
  nodeId: string;
  vmid: number;
  /** The page origin the ticket was issued to; the websocket must come from it. */
  origin: string;
  /** Hash of the web session's id: the console closes when that session ends. */
  sessionHash?: string;
  issuedAt: number;
}

/** A ticket is 43 base64url characters; anything else is not worth a Redis round trip. */
const TICKET_RE = /^[A-Za-z0-9_-]{43}$/;

type Deps = { db: Db; redis: Redis };

export async function issueConsoleTicket(deps: Deps, actor: Actor, ref: ContainerRef, opts: { origin: string; sessionHash?: string }): Promise<{ ticket: string; expiresAt: number }> {
  const loc = await locateExistingContainer(deps, actor.id, ref, { need: 'operator' });
  // Refuse early, with the reason, rather than after the websocket opened.
  const status = await loc.pve.lxcStatus(loc.pveNode, ref.vmid, { timeoutMs: 8_000 }).catch(toContainerOpError);
  if (status.status !== 'running') throw new ContainerOpError('The container is not running: start it to open a console.', 'unavailable');
  await sshForContainer(deps.db, loc);
  const ticket = randomBytes(32).toString('base64url');
  const data: ConsoleTicketData = {
    userId: actor.id,
    username: actor.username,
    ip: actor.ip,
    nodeId: ref.nodeId,
    vmid: ref.vmid,
    origin: opts.origin,
    sessionHash: opts.sessionHash,
    issuedAt: Date.now(),
  };
  await deps.redis.set(consoleTicketKey(ticket), JSON.stringify(data), 'EX', CONSOLE_TICKET_TTL_SECONDS, 'NX');
  return { ticket, expiresAt: data.issuedAt + CONSOLE_TICKET_TTL_SECONDS * 1000 };
}

/** One use only: the first redemption deletes it. Forged, reused and expired tickets give null. */
export async function redeemConsoleTicket(redis: Redis, ticket: unknown): Promise<ConsoleTicketData | null> {
  if (typeof ticket !== 'string' || !TICKET_RE.test(ticket)) return null;
  const raw = await redis.getdel(consoleTicketKey(ticket));
  if (!raw) return null;
  const data = JSON.parse(raw) as ConsoleTicketData;
  if (Date.now() - data.issuedAt > CONSOLE_TICKET_TTL_SECONDS * 1000) return null;
  return data;
}

/**
 * Opens `pct enter` for a redeemed ticket. Access is checked again: the ticket's user must still
 * be owner or operator of the node (a share revoked since the ticket was issued ends here). Records "console opened" (or why it could not open).
 */
export async function openConsole(deps: Deps, t: ConsoleTicketData, size: { cols: number; rows: number }): Promise<{ pty: PtySession; name: string; pveNode: string }> {
  const actor: Actor = { id: t.userId, username: t.username, ip: t.ip };
  const loc = await locateExistingContainer(deps, t.userId, { nodeId: t.nodeId, vmid: t.vmid }, { need: 'operator' });
  try {
    const { ssh } = await sshForContainer(deps.db, loc);
    const pty = await ssh.pctEnter(t.vmid, { cols: clamp(size.cols, 20, 500), rows: clamp(size.rows, 5, 200) });
    await recordContainerChange(deps.db, actor, loc, { action: 'container.console.open', outcome: 'success', message: `Console opened by ${t.username}` });
    return { pty, name: containerName(loc), pveNode: loc.pveNode };
  } catch (e) {
    const reason = e instanceof Error ? e.message : 'failed';
    await recordContainerChange(deps.db, actor, loc, { action: 'container.console.open', outcome: 'failure', message: `Console could not open: ${reason}`, detail: { reason } });
    return toContainerOpError(e);
  }
}

export function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.max(min, Math.min(max, Math.floor(n))) : min;
}

/** The web session's Redis key holds this hash of the session id (owned by @kiln/auth). */
export const sessionHashOf = sessionIdHash;
export { sessionKeyOfHash };

export { advertiseGateway, readGateway, type GatewayAdvert } from './gateway-advert';
export { CONSOLE_TICKET_TTL_SECONDS, consoleTicketKey };
