// A creation is an operation: its steps and (redacted) output are followed through the common
// operations route, replayable from the start after a reload, and only by whoever asked for it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { closePveClients } from '@kiln/services';
import { creationOutput, creationRequest, creationService, registerSimNode, templateId, waitForLifecycle } from '../helpers/provisioning';
import { followOperation } from '../helpers/operations';
import { startTestSim, type Simulator } from '../helpers/sim';
import { makeUser } from '../helpers/users';
import { WebClient } from '../helpers/web-client';

const webUrl = inject('webUrl');
let sim: Simulator;

beforeAll(async () => {
  sim = await startTestSim({ seed: 2, taskDurationMs: 200 });
});

afterAll(async () => {
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

/** Text as React writes it into HTML. */
const htmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

async function signIn(user: { username: string; password: string }) {
  const web = new WebClient(webUrl);
  expect((await web.login(user.username, user.password)).status).toBe(200);
  return web;
}

describe('a creation as an operation', () => {
  it('replays its state, steps and output from the start through the operations route after it ran', async () => {
    expect(webUrl, 'needs the built web app and worker (pnpm build)').not.toBe('');
    const a = await makeUser();
    const nodeId = (await registerSimNode(a, sim)).id;
    const res = await creationService().create(a, creationRequest(nodeId, await templateId('nginx-static')));
    expect(res.operationId).toBeTruthy();
    const op = await getDb().operation.findUniqueOrThrow({ where: { id: res.operationId! } });
    expect(op).toMatchObject({ kind: 'container.create', userId: a.id, nodeId, vmid: res.vmid, containerId: res.containerId });
    expect(await waitForLifecycle(res.containerId)).toBe('ready');

    // A browser that loads the page only now (a reload) still gets the whole story.
    const web = await signIn(a);
    const { operation, events } = await followOperation(web, res.operationId!);
    expect(operation).toMatchObject({ kind: 'container.create', state: 'succeeded' });
    expect(operation.message).toMatch(/is ready at \d+\.\d+\.\d+\.\d+\.$/);
    const states = events.filter((e) => e.event.type === 'state').map((e) => e.event.state);
    expect(states[0]).toBe('running');
    expect(states.at(-1)).toBe('succeeded');

    // Every step of the row was seen running, then done or skipped, in the row's order.
    const steps = await getDb().containerStep.findMany({ where: { containerId: res.containerId }, orderBy: { position: 'asc' } });
    const stepEvents = events.filter((e) => e.event.type === 'step').map((e) => e.event as unknown as { step: string; state: string });
    for (const s of steps) {
      const seen = stepEvents.filter((e) => e.step === s.key).map((e) => e.state);
      expect(seen, s.key).toEqual(['running', s.state]);
    }
    expect([...new Set(stepEvents.map((e) => e.step))]).toEqual(steps.map((s) => s.key));

    // The output is the same the worker streamed, each chunk tagged with its step.
    const output = events.filter((e) => e.event.type === 'output').map((e) => ({ step: e.event.step, text: e.event.text }));
    expect(output.length).toBeGreaterThan(0);
    expect(output).toEqual(await creationOutput(res.containerId));
    expect(output.some((o) => o.step === 'ensure-template' && /Using local:vztmpl\//.test(String(o.text)))).toBe(true);

    // The creation page, reloaded, renders that output (the box shows the last step that printed).
    const page = await web.page(`/containers/creations/${res.containerId}`);
    expect(page.status).toBe(200);
    const lastLine = String(output.at(-1)!.text).trim().split('\n')[0]!;
    expect(page.html).toContain(htmlText(lastLine));
  });

  it('user B can neither follow nor see user A’s creation operation', async () => {
    const a = await makeUser();
    const b = await makeUser();
    const nodeId = (await registerSimNode(a, sim)).id;
    const res = await creationService().create(
      a,
      creationRequest(nodeId, await templateId('base'), { params: { ssh_public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHR0aGlzaXNhdGVzdGtleWZvcmtpbG5zaW11bGF0b3I0 t@k' } }),
    );
    const webB = await signIn(b);
    for (const after of ['0', '1-0']) {
      const r = await webB.fetch(`/api/operations/${res.operationId}?after=${after}`);
      expect(r.status).toBe(404);
      expect(await r.text()).not.toContain('Using local');
    }
    expect((await webB.page(`/containers/creations/${res.containerId}`)).status).toBe(404);
    // A, of course, can.
    expect(await waitForLifecycle(res.containerId)).toBe('ready');
    const webA = await signIn(a);
    expect((await webA.fetch(`/api/operations/${res.operationId}?after=0`)).status).toBe(200);
  });

  it('a Retry is a new operation that replays only its own run', async () => {
    const a = await makeUser();
    const nodeId = (await registerSimNode(a, sim)).id;
    sim.setTaskFailure({ type: 'vzstart', exitstatus: 'startup for container failed' });
    const res = await creationService().create(a, creationRequest(nodeId, await templateId('nginx-static')));
    expect(await waitForLifecycle(res.containerId)).toBe('error');
    const web = await signIn(a);
    const first = await followOperation(web, res.operationId!);
    expect(first.operation.state).toBe('failed');
    expect(first.operation.message).toMatch(/Start the container failed: .*startup for container failed/);

    const retry = await web.action<{ ok: boolean; operationId: string }>('retryCreationAction', { containerId: res.containerId });
    expect(retry.serverError).toBeUndefined();
    expect(retry.data!.operationId).not.toBe(res.operationId);
    expect(await waitForLifecycle(res.containerId)).toBe('ready');
    const second = await followOperation(web, retry.data!.operationId);
    expect(second.operation).toMatchObject({ kind: 'container.create', state: 'succeeded' });
    const ran = [...new Set(second.events.filter((e) => e.event.type === 'step').map((e) => e.event.step))];
    // Steps that finished the first time are not run again.
    expect(ran).not.toContain('create');
    expect(ran[0]).toBe('start');
    expect(await getDb().operation.count({ where: { containerId: res.containerId, kind: 'container.create' } })).toBe(2);
  });
});
