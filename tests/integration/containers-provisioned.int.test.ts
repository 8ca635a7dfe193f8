import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { closePveClients } from '@kiln/services';
import { WebClient } from '../helpers/web-client';
import { makeUser } from '../helpers/users';
import { startTestSim, type Simulator } from '../helpers/sim';
import { creationRequest, creationService, registerSimNode, templateId, waitForLifecycle } from '../helpers/provisioning';

const webUrl = inject('webUrl');
let sim: Simulator;
let user: Awaited<ReturnType<typeof makeUser>>;
let web: WebClient;
let nodeId: string;

interface Service {
  name: string;
  active: string;
  sub: string;
  enabled: string;
}

beforeAll(async () => {
  sim = await startTestSim({ seed: 1, taskDurationMs: 200 });
  user = await makeUser();
  nodeId = (await registerSimNode(user, sim)).id;
  web = new WebClient(webUrl);
  expect((await web.login(user.username, user.password)).status).toBe(200);
});

afterAll(async () => {
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

/** Creates a container from a built-in template through Kiln's own provisioning (the test stack's worker). */
async function provision(slug: string) {
  const res = await creationService().create(user, creationRequest(nodeId, await templateId(slug)));
  expect(await waitForLifecycle(res.containerId)).toBe('ready');
  return getDb().container.findUniqueOrThrow({ where: { id: res.containerId } });
}

async function services(vmid: number): Promise<Record<string, Service>> {
  const r = await web.action<{ services: Service[] }>('listServicesAction', { nodeId, vmid });
  expect(r.serverError).toBeUndefined();
  return Object.fromEntries(r.data!.services.map((s) => [s.name, s]));
}

const journal = async (vmid: number, unit: string) => (await web.action<{ lines: string[] }>('serviceJournalAction', { nodeId, vmid, unit, lines: 500 })).data!.lines.join('\n');

describe('services of containers Kiln provisioned match what their templates started', () => {
  it('nginx-static: nginx runs and is enabled; its journal shows the restart of the service step', async () => {
    const row = await provision('nginx-static');
    const s = await services(row.vmid);
    expect(s['nginx.service']).toMatchObject({ active: 'active', sub: 'running', enabled: 'enabled' });
    const log = await journal(row.vmid, 'nginx.service');
    // The packages step started it once; the `service` step (restart: true) stopped and started it again.
    expect(log.match(/Started nginx\.service/g)?.length).toBeGreaterThanOrEqual(2);
    expect(log).toMatch(/Stopped nginx\.service[\s\S]*Started nginx\.service/);
    // Its page shows where it came from.
    const page = await web.page(`/containers/${nodeId}/${row.vmid}`);
    expect(page.html).toContain('data-testid="provenance"');
    expect(page.html).toContain('nginx-static');
  });

  it('redis: redis-server runs and is enabled', async () => {
    const row = await provision('redis');
    const s = await services(row.vmid);
    expect(s['redis-server.service']).toMatchObject({ active: 'active', enabled: 'enabled' });
    expect(await journal(row.vmid, 'redis-server.service')).toMatch(/Started redis-server\.service/);
  });
});
