import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { templateSchema } from '@kiln/core/templates';
import { getDb } from '@kiln/db';
import type { PveClient } from '@kiln/pve';
import type { NodeSsh } from '@kiln/ssh';
import { kilnRow, runningCt } from '../helpers/kiln-container';
import type { Simulator } from '../helpers/sim';
import { closeSim, ownedSim, rootSsh, signedIn, type Owner } from './containers-fixture';

/**
 * The Update card through the built web app and the test stack's worker: the container page says
 * "update available" with the changelog, the Update action runs the pipeline, and History says
 * "updated to" or "failed, rolled back". Operators only: a viewer of a shared node sees no dialog.
 */
const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let ssh: NodeSsh;
const slug = `web-app-${Date.now().toString(36)}`;
const ids: Record<string, string> = {};

async function addTemplate(version: string, update?: string, changelog?: string) {
  const spec = templateSchema.parse({
    apiVersion: 'kiln/v1',
    slug,
    name: 'Web update app',
    version,
    description: 'Writes a version file.',
    icon: '📦',
    os: { distribution: 'debian', version: '12' },
    steps: [{ id: 'install', type: 'script', run: 'mkdir -p /opt/app && echo ok > /opt/app/health' }],
    healthcheck: { command: ['test', '-f', '/opt/app/health'], retries: 0, interval: 1, timeout: 10 },
    ...(update ? { update: [{ id: 'upgrade', type: 'script', run: update }] } : {}),
    ...(changelog ? { changelog } : {}),
  });
  ids[version] = (await getDb().template.create({ data: { userId: a.user.id, slug, version, name: spec.name, description: spec.description, icon: spec.icon, tags: [], spec: spec as never } })).id;
}

async function container(hostname: string) {
  const vmid = await pve.nextId();
  await runningCt(pve, vmid, hostname);
  expect((await ssh.pctExec(vmid, ['sh', '-c', 'mkdir -p /opt/app && echo 1.0.0 > /opt/app/VERSION && echo ok > /opt/app/health'])).exitCode).toBe(0);
  await kilnRow({ userId: a.user.id, nodeId: a.nodeId, vmid, hostname, template: { id: ids['1.0.0']!, slug, version: '1.0.0' } });
  return vmid;
}

async function update(vmid: number, version: string) {
  const r = await a.web.action<{ operationId: string }>('updateContainerAction', { nodeId: a.nodeId, vmid, update: { what: 'template', toTemplateId: ids[version], safety: 'snapshot' } });
  expect(r.data?.operationId, r.raw.slice(0, 300)).toBeTruthy();
  const deadline = Date.now() + 120_000;
  for (;;) {
    const op = await getDb().operation.findUniqueOrThrow({ where: { id: r.data!.operationId } });
    if (['succeeded', 'failed', 'cancelled'].includes(op.state)) return op;
    if (Date.now() > deadline) throw new Error('the update did not end');
    await new Promise((res) => setTimeout(res, 200));
  }
}

beforeAll(async () => {
  ({ sim, pve, a } = await ownedSim(webUrl, { seed: 0 }));
  ssh = rootSsh(sim);
  await addTemplate('1.0.0');
  await addTemplate('1.1.0', 'echo 1.1.0 > /opt/app/VERSION', 'Faster start-up.');
  await addTemplate('1.2.0', 'rm /opt/app/health', 'Breaks the healthcheck.');
});

afterAll(() => closeSim({ sim, pve }));

describe('the Update card of a Kiln-made container', () => {
  it('says an update is available with its changelog, runs it, and History says it was updated', async () => {
    const vmid = await container('web-upd');
    const page = await a.web.page(`/containers/${a.nodeId}/${vmid}`);
    expect(page.html).toContain('data-testid="updates"');
    expect(page.html).toMatch(/update available: <!-- -->1\.2\.0|update available: 1\.2\.0/);
    expect(page.html).toContain('Breaks the healthcheck.');
    expect(page.html).toContain('Update to 1.2.0');

    const op = await update(vmid, '1.1.0');
    expect(op.state, op.message ?? '').toBe('succeeded');
    const history = await a.web.page(`/containers/${a.nodeId}/${vmid}?tab=history`);
    expect(history.html).toContain(`Updated to version 1.1.0 by ${a.user.username} (from 1.0.0)`);
    const after = await a.web.page(`/containers/${a.nodeId}/${vmid}`);
    expect(after.html).toMatch(/font-mono text-xs">1\.1\.0</);
  });

  it('shows the rollback in History when the update breaks the healthcheck', async () => {
    const vmid = await container('web-bad');
    const op = await update(vmid, '1.2.0');
    expect(op.state).toBe('failed');
    expect(op.message).toContain('Kiln rolled web-bad back to the snapshot');
    const history = await a.web.page(`/containers/${a.nodeId}/${vmid}?tab=history`);
    expect(history.html).toContain('Update to 1.2.0 failed, rolled back');
  });

  it('offers no Update to a viewer of a shared node, and refuses the action', async () => {
    const vmid = await container('web-view');
    const viewer = await signedIn(webUrl);
    expect((await a.web.action('shareNodeAction', { nodeId: a.nodeId, username: viewer.user.username, role: 'viewer' })).data).toEqual({ ok: true });
    const page = await viewer.web.page(`/containers/${a.nodeId}/${vmid}`);
    expect(page.html).toContain('Operators and the node’s owner update containers.');
    expect(page.html).not.toContain('data-testid="update-form"');
    const r = await viewer.web.action('updateContainerAction', { nodeId: a.nodeId, vmid, update: { what: 'os', safety: 'snapshot' } });
    expect(r.data).toBeUndefined();
    expect(JSON.stringify(r.serverError)).toMatch(/FORBIDDEN|NOT_FOUND/);
  });
});
