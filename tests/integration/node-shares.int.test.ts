import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConsoleClient, startConsoleGateway } from '@kiln/worker/testing';
import { createLogger } from '@kiln/core';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import type { PveClient } from '@kiln/pve';
import { creationInput, templateId, waitForLifecycle } from '../helpers/provisioning';
import { simNodeForm, type Simulator } from '../helpers/sim';
import { signedIn as signIn } from '../helpers/users';
import { closeSim, createCt, ownedSim, statusOf, type Owner } from './containers-fixture';
import { runAction } from '../helpers/operations';

/**
 * A node shared as operator or viewer: what each role may do, that nobody else sees anything,
 * that revoking ends access at the next request, and who sees which audit events.
 */
const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
type Client = Awaited<ReturnType<typeof signIn>>;
let viewer: Client;
let operator: Client;
let stranger: Client;
let vmid: number;

beforeAll(async () => {
  ({ sim, pve, a } = await ownedSim(webUrl));
  [viewer, operator, stranger] = await Promise.all([signIn(webUrl), signIn(webUrl), signIn(webUrl)]);
  vmid = await createCt(pve, 'shared-ct', { start: true });
  for (const [who, role] of [
    [viewer, 'viewer'],
    [operator, 'operator'],
  ] as const) {
    const r = await a.web.action('shareNodeAction', { nodeId: a.nodeId, username: who.u.username, role });
    expect(r.data).toEqual({ ok: true });
  }
});

afterAll(() => closeSim({ sim, pve }));

/** The container's row in the containers table (the search box echoes the query, so not its name). */
const tableRow = () => `data-vmid="${vmid}"`;
const secrets = () => [sim.tokens[0]!.secret, sim.rootPassword];

describe('a node shared read-only (viewer)', () => {
  it('shows its containers, marked as shared by the owner, and their page and metrics', async () => {
    const list = await viewer.c.page('/containers?q=shared-ct');
    expect(list.html).toContain(tableRow());
    expect(list.html).toContain(`shared by ${a.user.username}`);
    const page = await viewer.c.page(`/containers/${a.nodeId}/${vmid}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('shared-ct');
    expect((await viewer.c.page(`/containers/${a.nodeId}/${vmid}?tab=console`)).html).toContain('shared with you read-only');
    const metrics = await viewer.c.action('containerMetricsAction', { nodeId: a.nodeId, vmid, timeframe: 'hour' });
    expect(metrics.serverError).toBeUndefined();
    expect((await viewer.c.page('/settings/nodes')).html).toContain(`n-${a.user.username}`);
  });

  it('cannot power, delete, open a console, use services or create on it', async () => {
    const refused: [string, Record<string, unknown>][] = [
      ['containerPowerAction', { nodeId: a.nodeId, vmid, op: 'stop' }],
      ['deleteContainerAction', { nodeId: a.nodeId, vmid, force: true }],
      ['openConsoleAction', { nodeId: a.nodeId, vmid }],
      ['listServicesAction', { nodeId: a.nodeId, vmid }],
      ['nodeStoragesAction', { nodeId: a.nodeId }],
      ['createContainerAction', creationInput(a.nodeId, await templateId('base'))],
    ];
    for (const [name, input] of refused) {
      const r = await viewer.c.action(name, input);
      expect(r.serverError?.code, name).toBe('FORBIDDEN');
      expect(r.serverError?.message, name).toMatch(/read-only|owner/);
    }
    expect(await statusOf(pve, vmid)).toBe('running');
    expect(await getDb().container.count({ where: { userId: viewer.u.id } })).toBe(0);
  });
});

describe('a node shared as operator', () => {
  it('can power its containers and open a console', async () => {
    const stop = await runAction(operator.c, 'containerPowerAction', { nodeId: a.nodeId, vmid, op: 'stop' });
    expect(stop.data?.ok).toBe(true);
    expect(await statusOf(pve, vmid)).toBe('stopped');
    const start = await runAction(operator.c, 'containerPowerAction', { nodeId: a.nodeId, vmid, op: 'start' });
    expect(start.data?.ok).toBe(true);
    expect((await operator.c.action('openConsoleAction', { nodeId: a.nodeId, vmid })).serverError).toBeUndefined();
  });

  it('can create a container on it', async () => {
    const res = await operator.c.action<{ containerId: string }>('createContainerAction', creationInput(a.nodeId, await templateId('redis')));
    expect(res.serverError).toBeUndefined();
    const row = await getDb().container.findUniqueOrThrow({ where: { id: res.data!.containerId } });
    expect(row.userId).toBe(operator.u.id);
    expect(row.nodeId).toBe(a.nodeId);
    expect(await waitForLifecycle(row.id)).toBe('ready');
  });

  it('cannot delete containers, nor edit, test, delete or share the node, nor see its secrets', async () => {
    expect((await operator.c.action('deleteContainerAction', { nodeId: a.nodeId, vmid, force: true })).serverError?.code).toBe('FORBIDDEN');
    const edit = await operator.c.action('saveNodeAction', { ...simNodeForm(sim, { name: 'taken-over', trustFingerprint: sim.tlsFingerprint }), nodeId: a.nodeId });
    expect(edit.serverError?.code).toBe('FORBIDDEN');
    for (const name of ['retestNodeAction', 'deleteNodeAction', 'setDefaultNodeAction']) {
      expect((await operator.c.action(name, { nodeId: a.nodeId })).serverError?.code, name).toMatch(/FORBIDDEN|NOT_FOUND/);
    }
    const share = await operator.c.action('shareNodeAction', { nodeId: a.nodeId, username: stranger.u.username, role: 'operator' });
    expect(share.serverError?.code).toBe('FORBIDDEN');
    const row = await getDb().node.findUniqueOrThrow({ where: { id: a.nodeId } });
    expect(row.name).toBe(`n-${a.user.username}`);
    expect(await getDb().nodeShare.count({ where: { nodeId: a.nodeId, userId: stranger.u.id } })).toBe(0);
    expect((await operator.c.page(`/settings/nodes/${a.nodeId}`)).html).toContain('Page not found');
    for (const path of ['/containers', `/containers/${a.nodeId}/${vmid}`, '/settings/nodes', '/']) {
      const html = (await operator.c.page(path)).html;
      for (const s of secrets()) expect(html, path).not.toContain(s);
    }
    expect(await statusOf(pve, vmid)).toBe('running');
  });
});

describe('nobody else, and revoking', () => {
  it('a user without a share sees nothing of the node', async () => {
    expect((await stranger.c.page('/containers?q=shared-ct')).html).not.toContain(tableRow());
    expect((await stranger.c.page(`/containers/${a.nodeId}/${vmid}`)).html).toContain('Page not found');
    expect((await stranger.c.action('containerMetricsAction', { nodeId: a.nodeId, vmid, timeframe: 'hour' })).serverError?.code).toBe('NOT_FOUND');
    expect((await stranger.c.action('containerPowerAction', { nodeId: a.nodeId, vmid, op: 'stop' })).serverError?.code).toBe('NOT_FOUND');
  });

  it('the owner lists the shares on the node page; revoking ends access with the next request', async () => {
    const ownerPage = (await a.web.page(`/settings/nodes/${a.nodeId}`)).html;
    expect(ownerPage).toContain(`share-${operator.u.username}`);
    expect(ownerPage).toContain(`share-${viewer.u.username}`);
    const res = await a.web.action('revokeShareAction', { nodeId: a.nodeId, userId: operator.u.id });
    expect(res.data).toEqual({ ok: true });
    expect((await operator.c.action('containerPowerAction', { nodeId: a.nodeId, vmid, op: 'stop' })).serverError?.code).toBe('NOT_FOUND');
    expect((await operator.c.action('openConsoleAction', { nodeId: a.nodeId, vmid })).serverError?.code).toBe('NOT_FOUND');
    expect((await operator.c.page('/containers?q=shared-ct')).html).not.toContain(tableRow());
    expect(await statusOf(pve, vmid)).toBe('running');
  });

  it('a viewer made operator can act at once', async () => {
    await a.web.action('shareNodeAction', { nodeId: a.nodeId, username: viewer.u.username, role: 'operator' });
    const r = await runAction(viewer.c, 'containerPowerAction', { nodeId: a.nodeId, vmid, op: 'reboot' });
    expect(r.data?.ok).toBe(true);
  });
});

describe('the console of a shared node', () => {
  it('closes when the share is revoked, and a ticket from before the revoke opens nothing', async () => {
    // A private gateway that re-checks access every 300 ms (the worker's does it every 15 s).
    const gw = await startConsoleGateway({
      db: getDb(),
      redis: getRedis(),
      log: createLogger('share-test', 'warn'),
      host: '127.0.0.1',
      port: 0,
      idleMs: 600_000,
      sessionCheckMs: 300,
      workerId: 'share-test',
      advertise: false,
    });
    const op = await signIn(webUrl);
    const open = async () => {
      const t = await op.c.action<{ ticket: string }>('openConsoleAction', { nodeId: a.nodeId, vmid });
      expect(t.serverError).toBeUndefined();
      return t.data!.ticket;
    };
    const connect = async (ticket: string) => {
      const c = new ConsoleClient(`ws://127.0.0.1:${gw.port}/console`, { origin: webUrl });
      await c.opened;
      c.auth(ticket, { cols: 80, rows: 24 });
      return c;
    };
    try {
      await a.web.action('shareNodeAction', { nodeId: a.nodeId, username: op.u.username, role: 'operator' });
      const live = await connect(await open());
      await live.ready();
      const early = await open();
      await a.web.action('revokeShareAction', { nodeId: a.nodeId, userId: op.u.id });
      const closed = await live.closedWithin(5000);
      expect(closed.code).toBe(4411);
      expect(closed.notices).toContainEqual({ type: 'closed', reason: 'revoked' });
      const late = await connect(early);
      expect((await late.closedWithin(5000)).code).toBe(4500);
      expect(late.notices.some((n) => n['type'] === 'ready')).toBe(false);
    } finally {
      await gw.stop();
    }
  });
});

describe('audit log', () => {
  it("records the operator as the actor; the owner sees it, other users don't, admins see everyone's and filter by user", async () => {
    const mine = (await operator.c.page('/settings/audit?action=container.')).html;
    expect(mine).toContain('container.stop');
    const ownerView = (await a.web.page('/settings/audit?action=container.')).html;
    expect(ownerView).toContain(operator.u.username);
    expect((await stranger.c.page('/settings/audit')).html).not.toContain(operator.u.username);
    const admin = await signIn(webUrl, 'admin');
    const all = (await admin.c.page('/settings/audit?action=container.')).html;
    expect(all).toContain(operator.u.username);
    const one = (await admin.c.page(`/settings/audit?action=container.&user=${stranger.u.username}`)).html;
    expect(one).not.toContain(operator.u.username);
    const byOperator = (await admin.c.page(`/settings/audit?user=${operator.u.username}`)).html;
    expect(byOperator).toContain('container.stop');
    expect(byOperator).not.toContain(`>${a.user.username}<`);
  });
});
