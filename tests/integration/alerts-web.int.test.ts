import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { startHttpReceiver } from '../helpers/receivers';
import { signedIn } from '../helpers/users';

// The web side of alerts through the built app: pages, actions, ownership, write-only secrets.
// The stack's worker delivers "Send test" to a local HTTP receiver.
const webUrl = inject('webUrl');
const SECRET_PATH = '/hook-9c1d7e2f4a';
const HMAC = 'hmac-web-5e6f7a8b';
let http: Awaited<ReturnType<typeof startHttpReceiver>>;
let a: Awaited<ReturnType<typeof signedIn>>;
let b: Awaited<ReturnType<typeof signedIn>>;
let alertId: string;

beforeAll(async () => {
  http = await startHttpReceiver();
  [a, b] = await Promise.all([signedIn(webUrl), signedIn(webUrl)]);
  const alert = await getDb().alert.create({
    data: {
      userId: a.u.id,
      kind: 'container_stopped',
      conditionKey: `${a.u.id}:n:x|ct|101|container_stopped`,
      openKey: `${a.u.id}:n:x|ct|101|container_stopped`,
      clusterKey: `${a.u.id}:n:x`,
      title: 'web-101 (CT 101) stopped unexpectedly',
      vmid: 101,
    },
  });
  alertId = alert.id;
});

afterAll(async () => {
  await http?.close();
  await closeDb();
  await closeRedis();
});

describe.skipIf(!webUrl)('alerts in the web app', () => {
  it('adds a webhook channel whose secrets never come back in the page', async () => {
    const bad = await a.c.action<{ id: string }>('saveChannelAction', { name: 'hook', kind: 'webhook', secrets: { url: 'ftp://nope' } });
    expect(bad.data).toBeUndefined();
    expect(bad.raw).toContain('secrets.url');
    const saved = await a.c.action<{ id: string }>('saveChannelAction', { name: 'hook', kind: 'webhook', secrets: { url: http.url(SECRET_PATH), hmacSecret: HMAC } });
    expect(saved.data?.id).toMatch(/^[0-9a-f-]{36}$/);
    const page = await a.c.page('/settings/notifications');
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-channel="hook"');
    expect(page.html).not.toContain(SECRET_PATH);
    expect(page.html).not.toContain(HMAC);

    const test = await a.c.action<{ deliveryId: string }>('testChannelAction', { id: saved.data!.id });
    expect(test.data?.deliveryId).toBeTruthy();
    const deadline = Date.now() + 30_000;
    while (http.on(SECRET_PATH).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect((JSON.parse(http.on(SECRET_PATH)[0]!.body) as { event: string }).event).toBe('test');
    // Another user cannot test, edit or delete it.
    expect((await b.c.action('testChannelAction', { id: saved.data!.id })).data).toBeUndefined();
    expect((await b.c.action('deleteChannelAction', { id: saved.data!.id })).data).toBeUndefined();
  });

  it('shows the firing alert and the badge to its owner only, and acknowledges it with a note', async () => {
    const mine = await a.c.page('/alerts');
    expect(mine.html).toContain('web-101 (CT 101) stopped unexpectedly');
    expect(mine.html).toContain('data-testid="alert-badge"');
    const theirs = await b.c.page('/alerts?state=firing');
    expect(theirs.html).not.toContain('web-101');
    expect(theirs.html).toContain('Nothing is firing');
    expect((await b.c.action('acknowledgeAlertAction', { id: alertId, note: 'x' })).data).toBeUndefined();
    const ack = await a.c.action('acknowledgeAlertAction', { id: alertId, note: 'on it' });
    expect(ack.data).toEqual({ ok: true });
    const acknowledged = await a.c.page('/alerts?state=acknowledged');
    expect(acknowledged.html).toMatch(/Note: (<!-- -->)?on it/);
    expect((await a.c.page('/alerts')).html).not.toContain('data-testid="alert-badge"');
  });
});
