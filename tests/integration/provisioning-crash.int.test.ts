// Crash safety of the provisioning worker, with worker processes this file starts and kills.
// They use their own Redis prefix, so the test stack's worker never takes these jobs.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherSetting } from '../../scripts/lib/config';
import { applyEnvironment } from '../setup/env';
import { killProcess, startWorkerProcess } from '../helpers/worker-process';

applyEnvironment({ REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}crash-${randomUUID().slice(0, 8)}:` });

const { closeDb, getDb } = await import('@kiln/db');
const { closeRedis } = await import('@kiln/redis');
const { closeQueues } = await import('@kiln/queue');
const { closePveClients, ownershipTag, secretBox } = await import('@kiln/services');
const { PveClient } = await import('@kiln/pve');
const { templateSchema } = await import('@kiln/core/templates');
const { makeUser } = await import('../helpers/users');
const { startTestSim } = await import('../helpers/sim');
const { creationOutput, creationRequest, creationService, registerSimNode, templateId, waitForLifecycle } = await import('../helpers/provisioning');

type Sim = Awaited<ReturnType<typeof startTestSim>>;
let sim: Sim;
let user: Awaited<ReturnType<typeof makeUser>>;
let nodeId: string;
const workers = new Set<ChildProcess>();

const startWorker = (_name: string, concurrency = 25): ChildProcess => startWorkerProcess(workers, { PROVISION_CONCURRENCY: String(concurrency) });

const kill = killProcess;

beforeAll(async () => {
  sim = await startTestSim({ seed: 0, taskDurationMs: 300 });
  user = await makeUser();
  nodeId = (await registerSimNode(user, sim)).id;
});

afterAll(async () => {
  await Promise.all([...workers].map((w) => kill(w, 'SIGKILL')));
  await closePveClients();
  await sim?.close();
  await closeQueues();
  await closeDb();
  await closeRedis();
});

/** Every container on the simulator that carries a Kiln ownership tag, by row id. */
function taggedContainers(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let vmid = 100; vmid < 1000; vmid++) {
    const ct = sim.view.getContainer(vmid);
    const tag = ct?.config.tags?.split(/[;,]/).find((t) => t.startsWith('kiln-') && t.length > 10);
    if (!tag) continue;
    const id = tag.slice('kiln-'.length);
    out.set(id, [...(out.get(id) ?? []), vmid]);
  }
  return out;
}

/** The only acceptable crash outcome besides ready: a template step marked `retry: false` cut mid-way. */
async function expectCutNonRerunnableStep(containerId: string) {
  const failed = await getDb().containerStep.findMany({ where: { containerId, state: 'failed' } });
  expect(
    failed.map((s) => s.key),
    `row ${containerId} failed at a step a crash must not fail`,
  ).toEqual([expect.stringMatching(/^step:/)]);
  expect(failed[0]!.error).toMatch(/not safe to run twice/);
  const row = await getDb().container.findUniqueOrThrow({ where: { id: containerId }, include: { template: { select: { spec: true } } } });
  const step = templateSchema.parse(row.template!.spec).steps.find((s) => `step:${s.id}` === failed[0]!.key);
  expect(step?.retry).toBe(false);
}

async function createMany(n: number, slugs: string[]) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const slug = slugs[i % slugs.length]!;
    const params: Record<string, string> = slug === 'base' ? { ssh_public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHR0aGlzaXNhdGVzdGtleWZvcmtpbG5zaW11bGF0b3I0 t@k' } : {};
    ids.push((await creationService().create(user, creationRequest(nodeId, await templateId(slug), { params }))).containerId);
  }
  return ids;
}

describe('crash safety', () => {
  it('survives 20 SIGKILLs at random moments: every row ends ready or error, one container per row, no orphans', async () => {
    const ids = await createMany(6, ['nginx-static', 'redis', 'base']);
    let worker = startWorker('crash-0');
    for (let i = 1; i <= 20; i++) {
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 900)));
      await kill(worker, 'SIGKILL');
      worker = startWorker(`crash-${i}`);
    }
    const outcomes = await Promise.all(ids.map((id) => waitForLifecycle(id, 240_000)));
    for (const o of outcomes) expect(['ready', 'error']).toContain(o);
    const tagged = taggedContainers();
    for (const id of ids) {
      const row = await getDb().container.findUniqueOrThrow({ where: { id } });
      const cts = tagged.get(id) ?? [];
      expect(cts.length).toBeLessThanOrEqual(1);
      if (row.lifecycle === 'ready') expect(cts).toEqual([row.vmid]);
      else await expectCutNonRerunnableStep(id);
    }
    for (const id of tagged.keys()) expect(ids).toContain(id);
    // Most survive as ready: only a step marked not re-runnable, cut mid-way, may end in error.
    expect(outcomes.filter((o) => o === 'ready').length).toBeGreaterThan(0);
    await kill(worker, 'SIGTERM');
  });

  it('runs 20 creations in parallel with 20 distinct VMIDs, all ready', async () => {
    const worker = startWorker('parallel');
    const results = await Promise.all(Array.from({ length: 20 }, async () => creationService().create(user, creationRequest(nodeId, await templateId('nginx-static')))));
    expect(new Set(results.map((r) => r.vmid)).size).toBe(20);
    const outcomes = await Promise.all(results.map((r) => waitForLifecycle(r.containerId, 240_000)));
    expect(outcomes.every((o) => o === 'ready')).toBe(true);
    await kill(worker, 'SIGTERM');
  });

  it('spreads work over two worker processes and never runs a step twice at the same time', async () => {
    // Each worker takes a few creations at a time, the way a scaled-out setup runs.
    const a = startWorker('alpha', 3);
    const b = startWorker('beta', 3);
    await new Promise((r) => setTimeout(r, 3000)); // both connected before the work arrives
    const results = await Promise.all(Array.from({ length: 10 }, async () => creationService().create(user, creationRequest(nodeId, await templateId('redis')))));
    const outcomes = await Promise.all(results.map((r) => waitForLifecycle(r.containerId, 240_000)));
    expect(outcomes.every((o) => o === 'ready')).toBe(true);
    const ids = results.map((r) => r.containerId);
    const starts = await getDb().containerEvent.findMany({ where: { containerId: { in: ids }, type: 'step.started' } });
    const workersSeen = new Set(starts.map((e) => (e.data as { worker?: string } | null)?.worker));
    expect(workersSeen.size).toBe(2);
    const steps = await getDb().containerStep.findMany({ where: { containerId: { in: ids } } });
    for (const s of steps) expect(s.attempts).toBeLessThanOrEqual(1);
    const perStep = new Map<string, number>();
    for (const e of starts) {
      const k = `${e.containerId}:${(e.data as { step: string }).step}`;
      perStep.set(k, (perStep.get(k) ?? 0) + 1);
    }
    expect([...perStep.values()].every((n) => n === 1)).toBe(true);
    await Promise.all([kill(a, 'SIGTERM'), kill(b, 'SIGTERM')]);
  });

  it('a double submit creates one container', async () => {
    const worker = startWorker('double');
    const req = creationRequest(nodeId, await templateId('base'), { params: { ssh_public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHR0aGlzaXNhdGVzdGtleWZvcmtpbG5zaW11bGF0b3I0 t@k' } });
    const [one, two] = await Promise.all([creationService().create(user, req), creationService().create(user, req)]);
    expect(one.containerId).toBe(two.containerId);
    expect(await getDb().container.count({ where: { requestId: req.requestId } })).toBe(1);
    // ... and one operation to follow, the same for both submits.
    expect(one.operationId).toBe(two.operationId);
    expect(await getDb().operation.count({ where: { containerId: one.containerId } })).toBe(1);
    expect(await waitForLifecycle(one.containerId)).toBe('ready');
    expect(taggedContainers().get(one.containerId)).toHaveLength(1);
    await kill(worker, 'SIGTERM');
  });
});

describe('refused before anything is created', () => {
  it('a token without VM.Allocate gives a clear error and writes nothing', async () => {
    const other = await makeUser();
    const node = await registerSimNode(other, sim);
    const weak = sim.tokens[1]!;
    await getDb().node.update({ where: { id: node.id }, data: { tokenId: weak.id, tokenSecretEnc: secretBox().seal(weak.secret, { table: 'Node', id: node.id, field: 'tokenSecret' }) } });
    const before = await getDb().container.count({ where: { userId: other.id } });
    await expect(
      creationService().create(
        other,
        creationRequest(node.id, await templateId('base'), { params: { ssh_public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHR0aGlzaXNhdGVzdGtleWZvcmtpbG5zaW11bGF0b3I0 t@k' } }),
      ),
    ).rejects.toThrow(/lacks VM\.Allocate on \/vms/);
    expect(await getDb().container.count({ where: { userId: other.id } })).toBe(before);
  });

  it('a root-only feature on a node without SSH is refused at review', async () => {
    const other = await makeUser();
    const node = await registerSimNode(other, sim);
    await getDb().node.update({ where: { id: node.id }, data: { sshState: 'failed' } });
    const req = creationRequest(node.id, await templateId('docker-host'), { features: { nesting: true, keyctl: true, fuse: false } });
    await expect(creationService().preview(other, req)).rejects.toThrow(/keyctl\/fuse can only be set by root over SSH/);
  });
});

const SSH_KEY_PARAM = { ssh_public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHR0aGlzaXNhdGVzdGtleWZvcmtpbG5zaW11bGF0b3I0 t@k' };

function directPve(s: Sim) {
  return new PveClient({ baseUrl: s.apiUrl, token: s.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: s.tlsFingerprint });
}

/** POSTs a container on pve1 straight through the PVE API, as a crashed worker would have left it. */
function postCreate(s: Sim, vmid: number, opts: { hostname: string; tags?: string[] }): Promise<string> {
  return directPve(s).lxcCreate('pve1', {
    vmid,
    hostname: opts.hostname,
    ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    rootfs: { storage: 'local-lvm', sizeGiB: 4 },
    net: [{ name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }],
    ...(opts.tags ? { tags: opts.tags } : {}),
  });
}

async function createDirectly(vmid: number, opts: { hostname: string; tags: string[] }) {
  await directPve(sim).waitForTask(await postCreate(sim, vmid, opts), { timeout: 60_000 });
}

describe('adoption after a crash', () => {
  it('a container that carries the creation ownership tag is adopted, not created twice', async () => {
    // No worker runs: the job waits while "the crashed worker's" container appears.
    const { containerId, vmid } = await creationService().create(user, creationRequest(nodeId, await templateId('base'), { params: SSH_KEY_PARAM }));
    await createDirectly(vmid, { hostname: 'left-by-a-crash', tags: ['kiln', ownershipTag(containerId)] });
    const worker = startWorker('adopt');
    expect(await waitForLifecycle(containerId)).toBe('ready');
    expect(taggedContainers().get(containerId)).toEqual([vmid]);
    const steps = await getDb().containerStep.findMany({ where: { containerId, key: 'create' } });
    expect(steps[0]?.data).toMatchObject({ adopted: true });
    await kill(worker, 'SIGTERM');
  });

  it('a guest on that VMID without the tag is never adopted: the row fails with a clear message', async () => {
    const { containerId, vmid } = await creationService().create(user, creationRequest(nodeId, await templateId('base'), { params: SSH_KEY_PARAM }));
    await createDirectly(vmid, { hostname: 'someone-else', tags: ['prod'] });
    const worker = startWorker('foreign');
    expect(await waitForLifecycle(containerId)).toBe('error');
    const row = await getDb().container.findUniqueOrThrow({ where: { id: containerId } });
    expect((row.failure as { step: string; message: string }).step).toBe('create');
    expect((row.failure as { message: string }).message).toMatch(new RegExp(`VMID ${vmid} is already used by another guest on pve1`));
    const guest = sim.view.getContainer(vmid);
    expect(guest?.hostname).toBe('someone-else');
    expect(guest?.config.tags).toBe('prod');
    expect(taggedContainers().get(containerId)).toBeUndefined();
    await kill(worker, 'SIGTERM');
  });
});

describe('a crash while Proxmox runs the create task', () => {
  // A slow create task (the provisioning bench uses 1 s; this is longer) leaves time to act mid-task.
  let slow: Sim;
  let slowNodeId: string;
  beforeAll(async () => {
    slow = await startTestSim({ nodes: ['pve1'], seed: 0, taskDurationMs: 15_000 });
    slowNodeId = (await registerSimNode(user, slow, { name: 'slow-create' })).id;
  });
  afterAll(async () => {
    await slow?.close();
  });

  function taggedOnSlow(containerId: string): number[] {
    const out: number[] = [];
    for (let id = 100; id < 1000; id++) if (slow.view.getContainer(id)?.config.tags?.split(/[;,]/).includes(ownershipTag(containerId))) out.push(id);
    return out;
  }

  it('SIGKILL while the worker waits for the task: the next worker finishes it, exactly one tagged container', async () => {
    const { containerId, vmid } = await creationService().create(user, creationRequest(slowNodeId, await templateId('base'), { params: SSH_KEY_PARAM }));
    let worker = startWorker('slow-create');
    // Kill as soon as PVE holds the VMID under `lock: create`, whether or not the UPID is saved yet.
    const deadline = Date.now() + 120_000;
    while (slow.view.getContainer(vmid)?.config.lock !== 'create') {
      if (Date.now() > deadline) throw new Error(`CT ${vmid} never appeared on the simulator`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await kill(worker, 'SIGKILL');
    worker = startWorker('slow-create-2');
    expect(await waitForLifecycle(containerId, 240_000)).toBe('ready');
    expect(taggedOnSlow(containerId)).toEqual([vmid]);
    await kill(worker, 'SIGTERM');
  });

  it('killed after the POST but before the UPID was saved: the locked, not yet tagged container is waited for and adopted', async () => {
    const { containerId, vmid } = await creationService().create(user, creationRequest(slowNodeId, await templateId('base'), { params: SSH_KEY_PARAM }));
    // What a worker killed right after its POST leaves: a running create task, no UPID in the row.
    await postCreate(slow, vmid, { hostname: 'cut-off', tags: ['kiln', ownershipTag(containerId)] });
    const worker = startWorker('cut-off');
    expect(await waitForLifecycle(containerId, 240_000)).toBe('ready');
    expect(taggedOnSlow(containerId)).toEqual([vmid]);
    const output = (await creationOutput(containerId))
      .filter((c) => c.step === 'create')
      .map((c) => c.text)
      .join('');
    expect(output).toContain('being created by a Proxmox task');
    expect((await getDb().containerStep.findFirstOrThrow({ where: { containerId, key: 'create' } })).data).toMatchObject({ adopted: true });
    await kill(worker, 'SIGTERM');
  });

  it('a foreign guest still under `lock: create` is waited for, then refused, never adopted', async () => {
    const { containerId, vmid } = await creationService().create(user, creationRequest(slowNodeId, await templateId('base'), { params: SSH_KEY_PARAM }));
    const foreignTask = await postCreate(slow, vmid, { hostname: 'not-kilns' });
    const worker = startWorker('foreign-locked');
    expect(await waitForLifecycle(containerId, 240_000)).toBe('error');
    const row = await getDb().container.findUniqueOrThrow({ where: { id: containerId } });
    expect((row.failure as { message: string }).message).toMatch(new RegExp(`VMID ${vmid} is already used by another guest`));
    await directPve(slow).waitForTask(foreignTask, { timeout: 60_000 });
    expect(slow.view.getContainer(vmid)?.hostname).toBe('not-kilns');
    expect(taggedOnSlow(containerId)).toEqual([]);
    await kill(worker, 'SIGTERM');
  });
});
