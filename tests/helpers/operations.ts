/**
 * Following operations the way the browser does: the action queues one and returns its id, the
 * page polls GET /api/operations/<id> with a cursor until it ends. The one helper for it (the
 * container, service, creation and operation tests all use it).
 */
import { getDb } from '@kiln/db';
import type { WebClient, ActionResult } from './web-client';

export interface OpEvent {
  id: string;
  at: number;
  event: { type: string; text?: string; upid?: string; state?: string; message?: string; childId?: string; step?: string; [k: string]: unknown };
}

export interface OpView {
  operation: {
    id: string;
    kind: string;
    state: string;
    message: string | null;
    upids: string[];
    result: Record<string, unknown> | null;
    vmid: number | null;
    nodeId: string | null;
    targetName: string | null;
    requestedBy: string;
  };
  mine: boolean;
  children: { id: string; nodeId: string | null; vmid: number | null; name: string | null; state: string; message: string | null }[];
  counts: Record<string, number>;
  events: OpEvent[];
  cursor: string;
}

/** What the old synchronous actions returned, rebuilt from a finished operation. */
export interface Outcome {
  ok: boolean;
  op: string;
  vmid: number;
  upid?: string;
  exitstatus?: string;
  message: string;
  log: string[];
  operationId: string;
  state: string;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Polls the operation route (replaying from the start) until the operation has ended and every
 * event of its channel is read; returns the last view, its operation, and all events in order.
 */
export async function followOperation(web: WebClient, id: string, opts: { timeoutMs?: number } = {}): Promise<{ view: OpView; operation: OpView['operation']; events: OpEvent[] }> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let cursor = '0';
  const events: OpEvent[] = [];
  for (;;) {
    const res = await web.fetch(`/api/operations/${id}?after=${cursor}`);
    if (res.status !== 200) throw new Error(`GET /api/operations/${id}: ${res.status}`);
    const view = (await res.json()) as OpView;
    events.push(...view.events);
    cursor = view.cursor;
    // The row ends before its last event reaches the channel: read until nothing new comes.
    if (TERMINAL.has(view.operation.state) && view.events.length === 0) return { view, operation: view.operation, events };
    if (Date.now() > deadline) throw new Error(`operation ${id} still ${view.operation.state} after ${timeoutMs} ms`);
    if (view.events.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits in PostgreSQL for the worker to end an operation (no web app needed); returns its row. */
export async function waitForOperationRow(id: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const op = await getDb().operation.findUniqueOrThrow({ where: { id } });
    if (TERMINAL.has(op.state)) return op;
    if (Date.now() > deadline) throw new Error(`operation ${id} still ${op.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function outcomeOf(view: OpView, events: OpEvent[]): Outcome {
  const result = view.operation.result ?? {};
  return {
    ok: view.operation.state === 'succeeded',
    op: view.operation.kind.replace(/^container\./, ''),
    vmid: view.operation.vmid ?? 0,
    upid: (result['upid'] as string | undefined) ?? view.operation.upids.at(-1),
    exitstatus: (result['exitstatus'] as string | null | undefined) ?? undefined,
    message: view.operation.message ?? '',
    log: events.filter((e) => e.event.type === 'log').map((e) => e.event.text ?? ''),
    operationId: view.operation.id,
    state: view.operation.state,
  };
}

/** Calls an action that queues a container operation and waits for its end, like the action bar. */
export async function runAction(web: WebClient, action: string, input: unknown): Promise<ActionResult<Outcome> & { raw: string }> {
  const r = await web.action<{ operationId: string }>(action, input);
  if (!r.data?.operationId) return { serverError: r.serverError, validationErrors: r.validationErrors, raw: r.raw };
  const { view, events } = await followOperation(web, r.data.operationId);
  return { data: outcomeOf(view, events), raw: r.raw };
}

/** A bulk action, waited for; one outcome per container like the bulk bar lists them. */
export async function runBulk(
  web: WebClient,
  input: unknown,
): Promise<ActionResult<{ outcomes: { ok: boolean; vmid: number; name: string; message: string; state: string }[]; view: OpView }> & { raw: string }> {
  const r = await web.action<{ operationId: string }>('bulkPowerAction', input);
  if (!r.data?.operationId) return { serverError: r.serverError, validationErrors: r.validationErrors, raw: r.raw };
  const { view } = await followOperation(web, r.data.operationId, { timeoutMs: 120_000 });
  const outcomes = view.children.map((c) => ({ ok: c.state === 'succeeded', vmid: c.vmid ?? 0, name: c.name ?? '', message: c.message ?? '', state: c.state }));
  return { data: { outcomes, view }, raw: r.raw };
}

export interface SseMessage {
  event: string;
  id?: string;
  data: string;
}

/**
 * Reads GET /api/operations/<id>/events (server-sent events) to its end, the way EventSource
 * does: `view` messages with the cursor as their id, comments skipped, an `end` at the close.
 */
export async function readOperationSse(web: WebClient, id: string, opts: { after?: string; lastEventId?: string; timeoutMs?: number } = {}): Promise<{ status: number; messages: SseMessage[] }> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (opts.lastEventId) headers['last-event-id'] = opts.lastEventId;
  const res = await web.fetch(`/api/operations/${id}/events${opts.after ? `?after=${opts.after}` : ''}`, { headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) });
  if (res.status !== 200 || !res.body) return { status: res.status, messages: [] };
  const messages: SseMessage[] = [];
  for (const frame of (await res.text()).split('\n\n')) {
    const m: SseMessage = { event: 'message', data: '' };
    let any = false;
    for (const line of frame.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const [field, ...rest] = line.split(': ');
      const value = rest.join(': ');
      any = true;
      if (field === 'event') m.event = value;
      else if (field === 'id') m.id = value;
      else if (field === 'data') m.data += value;
    }
    if (any) messages.push(m);
  }
  return { status: res.status, messages };
}
