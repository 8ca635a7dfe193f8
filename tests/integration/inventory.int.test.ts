import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis, getRedis } from '@kiln/redis';
import { VmidService, closePveClients } from '@kiln/services';
import { PveClient } from '@kiln/pve';
import { WebClient } from '../helpers/web-client';
import { makeUser } from '../helpers/users';
import { addSimNodeOverHttp, startTestSim, type Simulator } from '../helpers/sim';

const webUrl = inject('webUrl');
let sim: Simulator;
let owner: { id: string; username: string; password: string };
let nodeId: string;
let client: WebClient;

beforeAll(async () => {
  sim = await startTestSim();
  owner = await makeUser();
  client = new WebClient(webUrl);
  await client.login(owner.username, owner.password);
  nodeId = await addSimNodeOverHttp(client, sim, 'homelab');
});

afterAll(async () => {
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

describe('containers overview', () => {
  it('lists every container of all cluster nodes with node badges', async () => {
    const page = await client.page('/containers');
    expect(page.status).toBe(200);
    for (const node of ['pve1', 'pve2', 'pve3']) expect(page.html).toContain(`>${node}<`);
    const vmids = [...page.html.matchAll(/data-vmid="(\d+)"/g)].map((m) => Number(m[1]));
    expect(vmids.length).toBe(9);
  });

  it('filters with the search language', async () => {
    const all = [...(await client.page('/containers')).html.matchAll(/data-vmid="(\d+)"/g)].length;
    const filtered = await client.page('/containers?q=node%3Apve2');
    const rows = [...filtered.html.matchAll(/data-vmid="(\d+)"/g)].map((m) => Number(m[1]));
    expect(rows.length).toBe(3);
    expect(rows.length).toBeLessThan(all);
  });

  it('polls /cluster/resources at most once per 5 s for 10 sessions over 30 s', async () => {
    // The signed-in client plus 9 more: 10 live sessions, the per-account cap (an 11th would end the oldest).
    // One after another: sign-ins of one account are counted before the password check, so more
    // than 5 at the very same moment would be refused as a burst.
    const others: WebClient[] = [];
    for (let i = 0; i < 9; i++) {
      const c = new WebClient(webUrl);
      expect((await c.login(owner.username, owner.password)).status).toBe(200);
      others.push(c);
    }
    const sessions = [client, ...others];
    sim.requestLog.reset();
    const started = Date.now();
    let pageViews = 0;
    // At least 30 s and 100 views: a loaded machine serves fewer views per second, so it runs longer.
    while (Date.now() - started < 30_000 || pageViews < 100) {
      await Promise.all(
        sessions.map(async (s) => {
          const p = await s.page('/containers');
          expect(p.status, p.location ?? '').toBe(200);
          pageViews++;
        }),
      );
      await new Promise((r) => setTimeout(r, 500));
    }
    const polls = sim.requestLog.count({ path: '/cluster/resources' });
    const seconds = (Date.now() - started) / 1000;
    expect(pageViews).toBeGreaterThanOrEqual(100);
    expect(polls).toBeGreaterThan(0);
    expect(polls).toBeLessThanOrEqual(Math.ceil(seconds / 5) + 1);
  });
});

describe('VMID validation', () => {
  const vmids = () => new VmidService(getDb(), getRedis());

  it('checks the range and the type', async () => {
    for (const [value, msg] of [
      [99, /between 100 and 999999999/],
      [1_000_000_000, /between/],
      [100.5, /whole number/],
      ['abc', /Enter a number/],
    ] as const) {
      const r = await vmids().check(owner.id, nodeId, value);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(msg);
    }
  });

  it('names the container that holds a taken id, anywhere in the cluster', async () => {
    const holder = (await new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint }).clusterResources('vm')).find(
      (g) => g.node === 'pve3',
    )!;
    const r = await vmids().check(owner.id, nodeId, holder.vmid);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(`VMID ${holder.vmid} is taken by ${holder.name}`);
    expect(await getRedis().ttl(`vmid-cache:${nodeId}`)).toBeGreaterThan(200);
  });

  it('accepts a free id, offers the next free one, and confirms with PVE', async () => {
    const next = await vmids().nextFree(owner.id, nodeId);
    expect((await vmids().check(owner.id, nodeId, next)).ok).toBe(true);
    expect((await vmids().confirm(owner.id, nodeId, next)).ok).toBe(true);
  });

  it('sees a new container after the cache is invalidated on create, and a freed id after delete', async () => {
    const svc = vmids();
    const pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
    await svc.refresh(owner.id, nodeId);
    const id = await pve.nextId();
    expect((await svc.check(owner.id, nodeId, id)).ok).toBe(true);
    const upid = await pve.lxcCreate('pve2', { vmid: id, hostname: 'cache-test', ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', rootfs: { storage: 'local-lvm', sizeGiB: 2 } });
    await pve.waitForTask(upid, { timeout: 30_000 });
    // Confirming at submit catches the stale cache, then the cache is rebuilt.
    expect((await svc.confirm(owner.id, nodeId, id)).ok).toBe(false);
    await svc.invalidate(owner.id, nodeId);
    const taken = await svc.check(owner.id, nodeId, id);
    expect(taken.ok).toBe(false);
    await pve.waitForTask(await pve.lxcDelete('pve2', id, { purge: true }), { timeout: 30_000 });
    await svc.invalidate(owner.id, nodeId);
    expect((await svc.check(owner.id, nodeId, id)).ok).toBe(true);
    await pve.close();
  });
});
