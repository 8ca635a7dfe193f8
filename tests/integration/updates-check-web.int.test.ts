// The web side of update checks (built app): the containers table's Updates column and
// `updates:security` filter, the container's Updates tab, and "Check now" through the stack's worker.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import type { PveClient } from '@kiln/pve';
import { containerUpdateStatus, serveUpdateCheck } from '@kiln/services';
import type { Simulator } from '../helpers/sim';
import { closeSim, createCt, owner, rootSsh, startSim, type Owner } from './containers-fixture';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let withSecurity: number;
let withOther: number;

beforeAll(async () => {
  ({ sim, pve } = await startSim({ seed: 0 }));
  a = await owner(webUrl, sim);
  withSecurity = await createCt(pve, 'upd-sec', { start: true });
  withOther = await createCt(pve, 'upd-other', { start: true });
  expect((await rootSsh(sim).pctExec(withSecurity, ['apt-get', 'install', '-y', '-q', 'nginx'])).exitCode).toBe(0);
  sim.packages.publish('debian', { name: 'nginx', version: '1.22.1-9+deb12u2', security: true });
  sim.packages.publish('debian', { name: 'cron', version: '3.0pl1-162+deb12u1' });
  for (const vmid of [withSecurity, withOther]) await serveUpdateCheck({ db: getDb(), redis: getRedis() }, { userId: a.user.id, nodeId: a.nodeId, vmid });
});

afterAll(() => closeSim({ sim, pve }));

const link = (vmid: number) => `href="/containers/${a.nodeId}/${vmid}"`;

describe('updates in the web app', () => {
  it('shows counts in the table and filters with updates:security and updates:any', async () => {
    const all = await a.web.page('/containers');
    expect(all.html).toContain('2 updates');
    expect(all.html).toContain('1 security');
    const security = await a.web.page(`/containers?q=${encodeURIComponent('updates:security')}`);
    expect(security.html).toContain(link(withSecurity));
    expect(security.html).not.toContain(link(withOther));
    const any = await a.web.page(`/containers?q=${encodeURIComponent('updates:any')}`);
    for (const vmid of [withSecurity, withOther]) expect(any.html).toContain(link(vmid));
  });

  it('lists the packages on the Updates tab with versions and the security badge', async () => {
    const page = await a.web.page(`/containers/${a.nodeId}/${withSecurity}?tab=updates`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-package="nginx"');
    expect(page.html).toContain('1.22.1-9+deb12u1');
    expect(page.html).toContain('1.22.1-9+deb12u2');
    expect(page.html).toMatch(/data-package="nginx"[^]*?>security</);
    expect(page.html).toContain('Check now');
  });

  it('Check now goes through the worker and finds a newly published version', async () => {
    const before = await containerUpdateStatus(getDb(), a.user.id, { nodeId: a.nodeId, vmid: withOther });
    sim.packages.publish('debian', { name: 'bash', version: '5.2.15-2+b8', security: true });
    const r = await a.web.action<{ requestedAt: number }>('checkUpdatesAction', { nodeId: a.nodeId, vmid: withOther });
    expect(r.data?.requestedAt).toBeGreaterThan(0);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = await containerUpdateStatus(getDb(), a.user.id, { nodeId: a.nodeId, vmid: withOther });
      if (s && s.checkedAt > (before?.checkedAt ?? 0)) {
        expect(s.packages.map((p) => [p.name, p.security])).toEqual([
          ['bash', true],
          ['cron', false],
        ]);
        break;
      }
      if (Date.now() > deadline) throw new Error('the worker never ran the check');
      await new Promise((res) => setTimeout(res, 300));
    }
  });
});
