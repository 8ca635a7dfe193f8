import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import { clusterKeyOf, resourcesKey } from '@kiln/services';
import type { PveClient } from '@kiln/pve';
import type { Simulator } from '../helpers/sim';
import { closeSim, createCt, lxcOn, ownedSim, type Owner } from './containers-fixture';
import { runAction } from '../helpers/operations';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;

beforeAll(async () => void ({ sim, pve, a } = await ownedSim(webUrl)));
afterAll(() => closeSim({ sim, pve }));

describe('the container page', () => {
  it('shows a discovered container with its overview, and links to it from the table', async () => {
    const ct = (await lxcOn(pve, 'pve1', 'running'))[0]!;
    const table = await a.web.page('/containers');
    expect(table.html).toContain(`href="/containers/${a.nodeId}/${ct.vmid}"`);
    const page = await a.web.page(`/containers/${a.nodeId}/${ct.vmid}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(ct.name);
    expect(page.html).toContain('data-testid="discovered-badge"');
    expect(page.html).not.toContain('data-testid="provenance"');
    for (const label of ['IP address', 'Uptime', 'Memory', 'Root disk', 'Tags']) expect(page.html).toContain(label);
    // The running seeded container has a DHCP lease on vmbr0 (10.10.0.x) reported by PVE.
    expect(page.html).toMatch(/10\.10\.\d+\.\d+/);
    expect(page.html).toContain('data-testid="metrics-panel"');
  });

  it('shows provenance for a container Kiln created, with secret-looking params masked', async () => {
    const vmid = await createCt(pve, 'made-by-kiln');
    await getDb().container.create({
      data: {
        userId: a.user.id,
        nodeId: a.nodeId,
        vmid,
        hostname: 'made-by-kiln',
        pveNode: 'pve1',
        lifecycle: 'ready',
        templateSlug: 'postgresql',
        templateVersion: '1.2.0',
        spec: { params: { database: 'app', dbPassword: 'hunter2-do-not-show' } },
        secretsEnc: 'v1:opaque',
        readyAt: new Date(),
      },
    });
    const page = await a.web.page(`/containers/${a.nodeId}/${vmid}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-testid="provenance"');
    expect(page.html).toContain('postgresql');
    expect(page.html).toContain('1.2.0');
    expect(page.html).toContain(a.user.username);
    expect(page.html).toContain('dbPassword');
    expect(page.html).not.toContain('hunter2-do-not-show');
    expect(page.html).not.toContain('v1:opaque');
    expect(page.html).toContain('stored encrypted');
  });

  it('marks the place for the provisioning panel on rows still being created or failed', async () => {
    const vmid = 777_001;
    const row = await getDb().container.create({
      data: { userId: a.user.id, nodeId: a.nodeId, vmid, hostname: 'on-its-way', pveNode: 'pve1', lifecycle: 'error', spec: {}, failure: { step: 'start', message: 'CT did not start' } },
    });
    const page = await a.web.page(`/containers/${a.nodeId}/${vmid}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`data-slot="provisioning-panel" data-container-id="${row.id}"`);
    expect(page.html).toContain('CT did not start');
  });

  it('shows the history: Kiln events and the PVE tasks of the VMID with their logs', async () => {
    const ct = (await lxcOn(pve, 'pve1', 'stopped'))[0] ?? (await lxcOn(pve, 'pve1'))[0]!;
    const op = ct.status === 'running' ? 'stop' : 'start';
    const done = await runAction(a.web, 'containerPowerAction', { nodeId: a.nodeId, vmid: ct.vmid, op });
    expect(done.data?.ok).toBe(true);
    const page = await a.web.page(`/containers/${a.nodeId}/${ct.vmid}?tab=history`);
    expect(page.html).toContain(`container.${op}`);
    expect(page.html).toContain(op === 'start' ? 'vzstart' : 'vzstop');
    const log = await a.web.action<{ lines: string[]; status: string }>('containerTaskLogAction', { nodeId: a.nodeId, vmid: ct.vmid, upid: done.data!.upid! });
    expect(log.data?.status).toBe('OK');
    expect(log.data?.lines.at(-1)).toBe('TASK OK');
    // A UPID of another VMID is not this container's task.
    const other = done.data!.upid!.replace(`:${ct.vmid}:`, `:${ct.vmid + 1}:`);
    expect((await a.web.action('containerTaskLogAction', { nodeId: a.nodeId, vmid: ct.vmid, upid: other })).serverError?.code).toBe('NOT_FOUND');
  });

  it('shows "not found" for unknown containers and malformed addresses', async () => {
    for (const path of [`/containers/${a.nodeId}/999999`, '/containers/not-a-uuid/101', `/containers/${a.nodeId}/abc`]) {
      const page = await a.web.page(path);
      expect(page.status, path).toBe(404);
      expect(page.html, path).toContain('Page not found');
      expect(page.html, path).not.toContain('data-testid="discovered-badge"');
    }
  });

  it('asks to start a stopped container before showing services or a console', async () => {
    const vmid = await createCt(pve, 'sleeping');
    for (const tab of ['services', 'console']) {
      const page = await a.web.page(`/containers/${a.nodeId}/${vmid}?tab=${tab}`);
      expect(page.html).toContain('The container is not running');
    }
  });
});

/** Waits until the worker's poller has cached the cluster (the table page asks it to). */
async function waitForSnapshot(): Promise<void> {
  const node = await getDb().node.findUniqueOrThrow({ where: { id: a.nodeId } });
  for (let i = 0; i < 60; i++) {
    if (await getRedis().exists(resourcesKey(clusterKeyOf(node)))) return;
    await a.web.page('/containers');
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the inventory snapshot never appeared');
}

// Last in this file: the hang it injects stays for the rest of the simulator's life.
describe('the container page with a hung Proxmox node', () => {
  it('renders from the cached inventory within a few seconds and says live data is unavailable', async () => {
    const ct = (await lxcOn(pve, 'pve1', 'running'))[0]!;
    await waitForSnapshot();
    // Every per-container call hangs far longer than any page may wait.
    for (const path of ['/nodes/*/lxc/*/status/current', '/nodes/*/lxc/*/config', '/nodes/*/lxc/*/interfaces', '/nodes/*/tasks']) {
      sim.injectFailure({ method: 'GET', path, status: 595, message: 'node hung', hangMs: 60_000, times: Number.POSITIVE_INFINITY });
    }
    // Without a bound the page waits for each call's own timeout in turn (16 s and more).
    const page = await a.web.fetch(`/containers/${a.nodeId}/${ct.vmid}`, { signal: AbortSignal.timeout(12_000) });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(ct.name);
    expect(html).toContain('Live data is unavailable');
    expect(html).toMatch(/Showing data from/);
    const history = await a.web.fetch(`/containers/${a.nodeId}/${ct.vmid}?tab=history`, { signal: AbortSignal.timeout(12_000) });
    expect(history.status).toBe(200);
    expect(await history.text()).toContain('Tasks could not be read');
  });
});
