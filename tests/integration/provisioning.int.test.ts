import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis, getRedis } from '@kiln/redis';
import { PveClient } from '@kiln/pve';
import { CreationActions, VmidService, closePveClients, clusterKeyOf, vmidReserveKey } from '@kiln/services';
import { makeUser } from '../helpers/users';
import { WebClient } from '../helpers/web-client';
import { waitForOperationRow } from '../helpers/operations';
import { startTestSim, type Simulator } from '../helpers/sim';
import { creationOutput, creationRequest, creationService, registerSimNode, templateId, waitForLifecycle } from '../helpers/provisioning';

let sim: Simulator;
let user: Awaited<ReturnType<typeof makeUser>>;
let nodeId: string;

beforeAll(async () => {
  sim = await startTestSim({ seed: 1, taskDurationMs: 200 });
  user = await makeUser();
  nodeId = (await registerSimNode(user, sim)).id;
});

afterAll(async () => {
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

const STARTERS = ['base', 'nginx-static', 'postgresql', 'redis', 'docker-host', 'nodejs-app'];

describe('every starter template reaches ready in the simulator', () => {
  it.each(STARTERS)('%s', async (slug) => {
    const params: Record<string, string> = slug === 'base' ? { ssh_public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHR0aGlzaXNhdGVzdGtleWZvcmtpbG5zaW11bGF0b3I0 test@kiln' } : {};
    const features = slug === 'docker-host' ? { nesting: true, keyctl: true, fuse: false } : undefined;
    const req = creationRequest(nodeId, await templateId(slug), { params, ...(features ? { features } : {}) });
    const res = await creationService().create(user, req);
    const outcome = await waitForLifecycle(res.containerId);
    const row = await getDb().container.findUniqueOrThrow({ where: { id: res.containerId }, include: { steps: { orderBy: { position: 'asc' } } } });
    if (outcome !== 'ready')
      console.error(
        slug,
        JSON.stringify(row.failure),
        row.steps.map((s) => `${s.key}=${s.state} ${s.error ?? ''}`),
      );
    expect(outcome).toBe('ready');
    expect(row.steps.every((s) => s.state === 'done' || s.state === 'skipped')).toBe(true);
    expect(row.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const cfg = sim.view.getContainer(row.vmid);
    expect(cfg?.status).toBe('running');
    expect(cfg?.config.tags).toContain(`kiln-${row.id}`);
    if (slug === 'docker-host') {
      expect(row.steps.find((s) => s.key === 'root-options')?.state).toBe('done');
      expect(cfg?.config.features).toMatch(/keyctl=1/);
    }
  });
});

describe('failures, retry and delete', () => {
  it('a failing step ends in error with its exit code and output; Retry resumes at that step', async () => {
    const req = creationRequest(nodeId, await templateId('nginx-static'));
    const svc = creationService();
    sim.setTaskFailure({ type: 'vzstart', exitstatus: 'startup for container failed' });
    const res = await svc.create(user, req);
    expect(await waitForLifecycle(res.containerId)).toBe('error');
    const failed = await getDb().container.findUniqueOrThrow({ where: { id: res.containerId }, include: { steps: true } });
    expect((failed.failure as { step: string }).step).toBe('start');
    expect((failed.failure as { message: string }).message).toMatch(/startup for container failed/);
    const doneBefore = failed.steps
      .filter((s) => s.state === 'done')
      .map((s) => s.key)
      .sort();
    expect(doneBefore).toEqual(['create', 'ensure-template', 'wait-create'].sort());
    const attemptsBefore = Object.fromEntries(failed.steps.map((s) => [s.key, s.attempts]));

    await creationActions().retry(user, res.containerId);
    expect(await waitForLifecycle(res.containerId)).toBe('ready');
    const after = await getDb().container.findUniqueOrThrow({ where: { id: res.containerId }, include: { steps: true } });
    for (const key of doneBefore) expect(after.steps.find((s) => s.key === key)?.attempts).toBe(attemptsBefore[key]);
    expect(after.steps.find((s) => s.key === 'start')?.attempts).toBe((attemptsBefore.start ?? 0) + 1);
    const events = await getDb().containerEvent.findMany({ where: { containerId: res.containerId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'failed', 'retry', 'ready']));
  });

  it('a secret param never reaches the stored spec or the streamed output', async () => {
    const req = creationRequest(nodeId, await templateId('redis'), { params: { password: 'hunter2-very-secret-pass' } });
    const res = await creationService().create(user, req);
    expect(['ready', 'error']).toContain(await waitForLifecycle(res.containerId));
    const chunks = await creationOutput(res.containerId);
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) expect(c.text).not.toContain('hunter2-very-secret-pass');
    const row = await getDb().container.findUniqueOrThrow({ where: { id: res.containerId } });
    expect(JSON.stringify(row.spec)).not.toContain('hunter2-very-secret-pass');
    expect(row.secretsEnc).not.toContain('hunter2');
  });

  it('Delete of a failed creation is an operation: the worker destroys the CT, frees the VMID reservation, keeps the history', async () => {
    const res = await failedCreation();
    const row = await getDb().container.findUniqueOrThrow({ where: { id: res.containerId }, include: { node: true } });
    expect(sim.view.getContainer(res.vmid)).toBeDefined();
    const { operationId } = await creationActions().discard(user, res.containerId);
    expect(operationId).toBeTruthy();
    const op = await waitForOperationRow(operationId!);
    expect(op.state).toBe('succeeded');
    expect(op.kind).toBe('creation.discard');
    expect(sim.view.getContainer(res.vmid)).toBeUndefined();
    const after = await getDb().container.findUniqueOrThrow({ where: { id: res.containerId }, include: { events: true, steps: true } });
    expect(after.lifecycle).toBe('deleted');
    // The history stays: the failure, its steps and the event log.
    expect(after.steps.length).toBeGreaterThan(0);
    expect(after.events.map((e) => e.type)).toEqual(expect.arrayContaining(['failed', 'deleted']));
    expect(await getRedis().exists(vmidReserveKey(clusterKeyOf(row.node), res.vmid))).toBe(0);
    expect((await new VmidService(getDb(), getRedis()).check(user.id, nodeId, res.vmid)).ok).toBe(true);
  });

  it('Delete of a failed creation never destroys a foreign guest that now holds its VMID', async () => {
    const res = await failedCreation();
    const { pveNode } = await getDb().container.findUniqueOrThrow({ where: { id: res.containerId } });
    // Someone replaced Kiln's CT with their own on the same VMID (no Kiln tag).
    const pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
    try {
      await pve.waitForTask(await pve.lxcDelete(pveNode, res.vmid, { purge: true }), { timeout: 30_000 });
      const upid = await pve.lxcCreate(pveNode, {
        vmid: res.vmid,
        hostname: 'someone-else',
        ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
        rootfs: { storage: 'local-lvm', sizeGiB: 2 },
      });
      await pve.waitForTask(upid, { timeout: 30_000 });
    } finally {
      await pve.close();
    }
    const { operationId } = await creationActions().discard(user, res.containerId);
    const op = await waitForOperationRow(operationId!);
    expect(op.state).toBe('failed');
    expect(op.message).toMatch(/was not created by this Kiln creation/);
    expect(sim.view.getContainer(res.vmid)?.config.hostname).toBe('someone-else');
    expect((await getDb().container.findUniqueOrThrow({ where: { id: res.containerId } })).lifecycle).toBe('error');
  });

  it('another user cannot delete the failed creation (it looks missing to them), and nothing is queued', async () => {
    const res = await failedCreation();
    const b = await makeUser();
    await expect(creationActions().discard(b, res.containerId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Through the web app's action too (what the Delete button calls).
    const web = new WebClient(inject('webUrl'));
    expect((await web.login(b.username, b.password)).status).toBe(200);
    expect((await web.action('deleteCreationAction', { containerId: res.containerId })).serverError?.code).toBe('NOT_FOUND');
    expect(await getDb().operation.count({ where: { containerId: res.containerId, kind: 'creation.discard' } })).toBe(0);
    expect(sim.view.getContainer(res.vmid)).toBeDefined();
  });
});

const creationActions = () => new CreationActions(getDb(), getRedis());

/** A creation that failed at its start step: its CT exists (tagged), its VMID is reserved. */
async function failedCreation() {
  sim.setTaskFailure({ type: 'vzstart', exitstatus: 'startup for container failed' });
  const res = await creationService().create(user, creationRequest(nodeId, await templateId('nginx-static')));
  expect(await waitForLifecycle(res.containerId)).toBe('error');
  return res;
}
