// Capture and cancel through the web app and the test stack's worker (built): the actions, the
// container page's card, the template editor opened on the draft, the creation page's Cancel,
// and who may do what.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { PveClient } from '@kiln/pve';
import { TemplateService, closePveClients } from '@kiln/services';
import { sharedSshPool } from '@kiln/ssh';
import { runningCt } from '../helpers/kiln-container';
import { followOperation } from '../helpers/operations';
import { creationInput, registerSimNode, waitForLifecycle } from '../helpers/provisioning';
import { startTestSim, type Simulator } from '../helpers/sim';
import { makeUser } from '../helpers/users';
import { WebClient } from '../helpers/web-client';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;

beforeAll(async () => {
  sim = await startTestSim({ taskDurationMs: 100 });
  pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
});

afterAll(async () => {
  await pve?.close();
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

async function signIn(user: { username: string; password: string }) {
  const web = new WebClient(webUrl);
  expect((await web.login(user.username, user.password)).status).toBe(200);
  return web;
}

describe('capture and cancel in the web app', () => {
  it('Capture as template on the container page: the worker captures, the editor opens on the draft; nobody else’s', async () => {
    expect(webUrl, 'needs the built web app and worker (pnpm build)').not.toBe('');
    const a = await makeUser();
    const b = await makeUser();
    const nodeId = (await registerSimNode(a, sim)).id;
    const vmid = await pve.nextId();
    const hostname = `capweb-${randomBytes(3).toString('hex')}`;
    await runningCt(pve, vmid, hostname);
    const ssh = sharedSshPool().node({
      host: '127.0.0.1',
      port: sim.nodes[0]!.sshPort,
      username: 'root',
      auth: { password: sim.rootPassword },
      hostKeyFingerprint: sim.nodes[0]!.sshHostKeyFingerprint,
    });
    expect((await ssh.pctExec(vmid, ['apt-get', 'install', '-y', 'jq'], { timeout: 60_000 })).exitCode).toBe(0);

    const webA = await signIn(a);
    const page = await webA.page(`/containers/${nodeId}/${vmid}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Capture as template');

    const r = await webA.action<{ operationId: string }>('captureAction', { nodeId, vmid });
    expect(r.serverError).toBeUndefined();
    const { operation } = await followOperation(webA, r.data!.operationId);
    expect(operation.state, operation.message ?? '').toBe('succeeded');

    const editor = await webA.page(`/templates/new?capture=${r.data!.operationId}`);
    expect(editor.status).toBe(200);
    expect(editor.html).toContain('Draft captured from');
    expect(editor.html).toContain(`${hostname}-capture`);

    // B: neither the draft nor a capture of A's container.
    const webB = await signIn(b);
    const other = await webB.page(`/templates/new?capture=${r.data!.operationId}`);
    expect(other.status).toBe(200);
    expect(other.html).toContain('This capture draft was not found');
    expect(other.html).not.toContain(`${hostname}-capture`);
    const refused = await webB.action('captureAction', { nodeId, vmid });
    expect(refused.serverError?.message).toMatch(/not found/i);
  });

  it('Cancel on the creation page stops it after the running step; the page says who cancelled and where; others cannot', async () => {
    const a = await makeUser();
    const b = await makeUser();
    const nodeId = (await registerSimNode(a, sim)).id;
    const slow = await new TemplateService(getDb()).importText(
      a,
      `apiVersion: kiln/v1\nslug: slow-web\nname: Slow\nversion: 1.0.0\ndescription: Slow.\nicon: "🐢"\nos: { distribution: debian, version: "12" }\nsteps:\n  - { id: slow, type: script, title: Slow step, run: sleep 4 }\n  - { id: last, type: script, title: Last step, run: "true" }\n`,
    );
    if (!slow.ok) throw new Error(JSON.stringify(slow.errors));
    const webA = await signIn(a);
    const created = await webA.action<{ containerId: string }>('createContainerAction', creationInput(nodeId, slow.id));
    expect(created.serverError).toBeUndefined();
    const containerId = created.data!.containerId;
    const deadline = Date.now() + 120_000;
    while ((await getDb().containerStep.findFirst({ where: { containerId, key: 'step:slow' } }))?.state !== 'running') {
      if (Date.now() > deadline) throw new Error('the slow step never ran');
      await new Promise((res) => setTimeout(res, 200));
    }
    const webB = await signIn(b);
    expect((await webB.action('cancelCreationAction', { containerId })).serverError?.message).toMatch(/not found/i);
    const cancel = await webA.action('cancelCreationAction', { containerId });
    expect(cancel.serverError).toBeUndefined();
    expect(await waitForLifecycle(containerId)).toBe('error');
    const page = await webA.page(`/containers/creations/${containerId}`);
    expect(page.html).toContain('Creation cancelled');
    expect(page.html).toContain(`Cancelled by ${a.username} before “Last step”`);
    expect(page.html).toContain('Keep as it is');
  });
});
