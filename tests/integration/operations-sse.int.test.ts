/**
 * Following an operation by server-sent events: the same views the polling route answers,
 * pushed as they happen, each with its cursor as the event id (a reconnect resumes from it),
 * closed with `end` once the operation ended and every event was sent; others get a 404.
 */
import { describe, expect, inject, it } from 'vitest';
import { followOperation, readOperationSse, type OpView } from '../helpers/operations';
import { createCt, signedIn, withOwnedSim } from './containers-fixture';

const webUrl = inject('webUrl');
const fx = withOwnedSim(webUrl);

async function startOperation(): Promise<string> {
  const { pve, a } = fx;
  const vmid = await createCt(pve, `sse-${Date.now() % 100000}`);
  const r = await a.web.action<{ operationId: string }>('containerPowerAction', { nodeId: a.nodeId, vmid, op: 'start' });
  expect(r.data?.operationId).toBeTruthy();
  return r.data!.operationId;
}

const views = (messages: { event: string; data: string }[]) => messages.filter((m) => m.event === 'view').map((m) => JSON.parse(m.data) as OpView);

describe('GET /api/operations/<id>/events', () => {
  it('pushes the operation to its end: state, task and log lines, each event once, then `end`', async () => {
    const id = await startOperation();
    const { status, messages } = await readOperationSse(fx.a.web, id);
    expect(status).toBe(200);
    expect(messages.at(-1)).toMatchObject({ event: 'end' });
    expect(JSON.parse(messages.at(-1)!.data)).toEqual({ state: 'succeeded' });
    const pushed = views(messages);
    expect(pushed.at(-1)!.operation.state).toBe('succeeded');
    const events = pushed.flatMap((v) => v.events);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(events.map((e) => e.event.type)).toEqual(expect.arrayContaining(['state', 'task', 'log']));
    // Each message's id is its cursor: what EventSource sends back as Last-Event-ID.
    for (const m of messages.filter((x) => x.event === 'view')) expect(m.id).toBe((JSON.parse(m.data) as OpView).cursor);
    // The same events the polling route replays.
    const polled = await followOperation(fx.a.web, id);
    expect(ids).toEqual(polled.events.map((e) => e.id));
  });

  it('resumes after Last-Event-ID (or ?after=) without repeating what was sent', async () => {
    const id = await startOperation();
    const all = views((await readOperationSse(fx.a.web, id)).messages).flatMap((v) => v.events);
    expect(all.length).toBeGreaterThan(2);
    const cut = all[1]!.id;
    const resumed = views((await readOperationSse(fx.a.web, id, { lastEventId: cut })).messages).flatMap((v) => v.events);
    expect(resumed.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id));
    const byQuery = views((await readOperationSse(fx.a.web, id, { after: cut })).messages).flatMap((v) => v.events);
    expect(byQuery.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id));
  });

  it('is a 404 for another user, checked before the stream opens, and a 400 for a bad cursor', async () => {
    const id = await startOperation();
    const { web: other } = await signedIn(webUrl);
    expect((await readOperationSse(other, id)).status).toBe(404);
    expect((await readOperationSse(fx.a.web, id, { after: 'nope' })).status).toBe(400);
    await followOperation(fx.a.web, id);
  });
});
