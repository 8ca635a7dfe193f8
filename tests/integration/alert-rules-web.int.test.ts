import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { signedIn } from '../helpers/users';

// Settings → Notifications through the built app: a rule's severity, days and channels, overrides
// for a tag, a channel's minimum severity and quiet hours, with errors next to their fields and
// every object checked against its owner.
const webUrl = inject('webUrl');
let a: Awaited<ReturnType<typeof signedIn>>;
let b: Awaited<ReturnType<typeof signedIn>>;
let mine: string;
let theirs: string;

beforeAll(async () => {
  [a, b] = await Promise.all([signedIn(webUrl), signedIn(webUrl)]);
});

afterAll(async () => {
  await closeDb();
  await closeRedis();
});

describe.skipIf(!webUrl)('alert rules and channels in the web app', () => {
  it('saves a channel with a minimum severity and quiet hours, and explains bad ones next to their fields', async () => {
    const base = { name: 'night', kind: 'webhook', secrets: { url: 'https://hooks.example.test/x' } };
    const half = await a.c.action('saveChannelAction', { ...base, quietStart: '22:00' });
    expect(half.data).toBeUndefined();
    expect(half.raw).toContain('quietEnd');
    expect(half.raw).toContain('Enter both the start and the end, or neither.');
    const badZone = await a.c.action('saveChannelAction', { ...base, quietStart: '22:00', quietEnd: '07:00', quietTimeZone: 'Mars/Olympus' });
    expect(badZone.raw).toContain('Enter an IANA time zone, e.g. Europe/Berlin.');
    const saved = await a.c.action<{ id: string }>('saveChannelAction', { ...base, minSeverity: 'warning', quietStart: '22:00', quietEnd: '07:00', quietTimeZone: 'Europe/Berlin' });
    mine = saved.data!.id;
    expect(mine).toMatch(/^[0-9a-f-]{36}$/);
    theirs = (await b.c.action<{ id: string }>('saveChannelAction', { ...base, name: 'b-hook' })).data!.id;
    const page = await a.c.page('/settings/notifications');
    expect(page.html).toMatch(/warning and up(<!-- -->)? · quiet 22:00–07:00 Europe\/Berlin/);
    expect(await getDb().channel.findUniqueOrThrow({ where: { id: mine } })).toMatchObject({ minSeverity: 'warning', quietStart: '22:00', quietEnd: '07:00', quietTimeZone: 'Europe/Berlin' });
  });

  it('saves a rule’s severity, days and channels (only the user’s own channels)', async () => {
    const foreign = await a.c.action('saveRuleAction', { kind: 'backup_age', days: 3, severity: 'critical', channelIds: [theirs] });
    expect(foreign.data).toBeUndefined();
    const ok = await a.c.action<{ id: string }>('saveRuleAction', { kind: 'backup_age', days: 3, severity: 'critical', channelIds: [mine], cooldownSeconds: 0 });
    expect(ok.data?.id).toBeTruthy();
    expect(await getDb().alertRule.findUniqueOrThrow({ where: { id: ok.data!.id } })).toMatchObject({ kind: 'backup_age', days: 3, severity: 'critical', channelIds: [mine] });
    const page = await a.c.page('/settings/notifications');
    for (const kind of ['swap', 'not_running', 'storage_full', 'backup_age', 'backup_failed', 'updates_pending']) expect(page.html).toContain(`data-rule="${kind}"`);
    expect(page.html).toContain('id="rule-backup_age-days"');
    const tooLong = await a.c.action('saveRuleAction', { kind: 'storage_full', days: 400 });
    expect(tooLong.raw).toContain('At most 365 days.');
  });

  it('adds an override for a tag, refuses a node that is not the user’s, and removes it for its owner only', async () => {
    const node = await a.c.action('saveRuleAction', { kind: 'swap', scope: 'node', scopeRef: crypto.randomUUID(), trigger: 70, clear: 50 });
    expect(node.data).toBeUndefined();
    expect(node.raw).toContain('Choose one of your nodes.');
    const tag = await a.c.action<{ id: string }>('saveRuleAction', { kind: 'swap', scope: 'tag', scopeRef: 'db', trigger: 70, clear: 50, severity: 'critical' });
    expect(tag.data?.id).toBeTruthy();
    expect((await a.c.page('/settings/notifications')).html).toContain('data-override="swap:tag:db"');
    expect((await b.c.page('/settings/notifications')).html).not.toContain('data-override="swap:tag:db"');
    await b.c.action('deleteRuleAction', { id: tag.data!.id });
    expect(await getDb().alertRule.count({ where: { id: tag.data!.id } })).toBe(1);
    expect((await a.c.action('deleteRuleAction', { id: tag.data!.id })).data).toEqual({ ok: true });
    expect(await getDb().alertRule.count({ where: { id: tag.data!.id } })).toBe(0);
  });
});
