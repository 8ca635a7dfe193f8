import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb, recordAudit } from '../../packages/db/src/index';
import { closeRedis } from '../../packages/redis/src/index';
import { closePveClients } from '../../packages/services/src/index';
import type { PveClient } from '../../packages/pve/src/index';
import type { Simulator } from '../helpers/sim';
import { runAction } from '../helpers/operations';
import { createCt, owner, startSim, type Owner } from './containers-fixture';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let vmid: number;

const rows = (html: string) => [...html.matchAll(/<tr data-action="([^"]+)"/g)].map((m) => m[1]);

beforeAll(async () => {
  ({ sim, pve } = await startSim());
  a = await owner(webUrl, sim);
  vmid = await createCt(pve, 'audited');
  expect((await runAction(a.web, 'containerPowerAction', { nodeId: a.nodeId, vmid, op: 'start' })).data?.ok).toBe(true);
  expect((await runAction(a.web, 'containerPowerAction', { nodeId: a.nodeId, vmid, op: 'start' })).data?.ok).toBe(false);
  expect((await a.web.action('openConsoleAction', { nodeId: a.nodeId, vmid })).serverError).toBeUndefined();
  // An old event, to test the period filter.
  await recordAudit(getDb(), { userId: a.user.id, actor: a.user.username, action: 'template.update', outcome: 'success', targetType: 'template', targetName: 'old-template' });
  await getDb().auditEvent.updateMany({ where: { userId: a.user.id, action: 'template.update' }, data: { createdAt: new Date(Date.now() - 10 * 86_400_000) } });
});

afterAll(async () => {
  await pve?.close();
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

describe('the audit log at /settings/audit', () => {
  it('lists sign-in, node and container changes with user, target and outcome', async () => {
    const page = await a.web.page('/settings/audit');
    expect(page.status).toBe(200);
    const actions = rows(page.html);
    for (const action of ['auth.login', 'node.create', 'container.start', 'template.update']) expect(actions).toContain(action);
    expect(page.html).toContain(`href="/containers/${a.nodeId}/${vmid}"`);
    expect(page.html).toContain(`CT ${vmid} already running`);
    expect(page.html).toContain(a.user.username);
  });

  it('filters by action, outcome, target and period', async () => {
    expect(new Set(rows((await a.web.page('/settings/audit?action=container.')).html))).toEqual(new Set(['container.start']));
    const failures = rows((await a.web.page('/settings/audit?action=container.&outcome=failure')).html);
    expect(failures).toEqual(['container.start']);
    expect(rows((await a.web.page(`/settings/audit?target=${encodeURIComponent(`${a.nodeId}/${vmid}`)}`)).html)).toEqual(['container.start', 'container.start']);
    expect(rows((await a.web.page('/settings/audit?target=old-template')).html)).toEqual(['template.update']);
    expect(rows((await a.web.page('/settings/audit?period=7d')).html)).not.toContain('template.update');
    expect(rows((await a.web.page('/settings/audit?period=30d')).html)).toContain('template.update');
  });

  it('records the console only once it opens (a ticket alone is not a console)', async () => {
    expect(await getDb().auditEvent.count({ where: { userId: a.user.id, action: 'container.console.open' } })).toBe(0);
  });

  it('never shows a secret: not the token, not the SSH password', async () => {
    const page = await a.web.page('/settings/audit');
    expect(page.html).not.toContain(sim.tokens[0]!.secret);
    expect(page.html).not.toContain(sim.rootPassword);
    const all = await getDb().auditEvent.findMany({ where: { userId: a.user.id } });
    const text = JSON.stringify(all, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(text).not.toContain(sim.tokens[0]!.secret);
    expect(text).not.toContain(sim.rootPassword);
  });
});
