// Crash safety of the provisioning worker, with worker processes this file starts and kills.
// They use their own Redis prefix, so the test stack's worker never takes these jobs.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/paths';
import { WORKER_NODE_FLAGS } from '../../scripts/lib/stack';

process.env.REDIS_PREFIX = `${process.env.REDIS_PREFIX ?? 'kiln-test:'}crash-${randomUUID().slice(0, 8)}:`;

const { closeDb, getDb } = await import('../../packages/db/src/index');
const { closeRedis } = await import('../../packages/redis/src/index');
const { closeQueues } = await import('../../packages/queue/src/index');
const { closePveClients, secretBox } = await import('../../packages/services/src/index');
const { makeUser } = await import('../helpers/users');
const { startTestSim } = await import('../helpers/sim');
const { creationRequest, creationService, registerSimNode, templateId, waitForLifecycle } = await import('../helpers/provisioning');

type Sim = Awaited<ReturnType<typeof startTestSim>>;
let sim: Sim;
let user: Awaited<ReturnType<typeof makeUser>>;
let nodeId: string;
const workers = new Set<ChildProcess>();

function startWorker(_name: string, concurrency = 25): ChildProcess {
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, path.join(ROOT, 'apps/worker/dist/main.js')], {
    env: { ...process.env, JOB_LOCK_MS: '3000', PROVISION_CONCURRENCY: String(concurrency), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', process.env.KILN_TEST_VERBOSE ? 'inherit' : 'ignore'],
  });
  workers.add(child);
  child.on('exit', () => workers.delete(child));
  return child;
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

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
    }
    for (const id of tagged.keys()) expect(ids).toContain(id);
    // Most survive as ready: only a step marked not re-runnable, cut mid-way, may end in error.
    expect(outcomes.filter((o) => o === 'ready').length).toBeGreaterThan(0);
    await kill(worker, 'SIGTERM');
  });

  it('runs 20 creations in parallel with 20 distinct VMIDs, all ready', async () => {
    const worker = startWorker('parallel');
    const results = await Promise.all(
      Array.from({ length: 20 }, async () => creationService().create(user, creationRequest(nodeId, await templateId('nginx-static')))),
    );
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
    await expect(creationService().create(other, creationRequest(node.id, await templateId('base'), { params: { ssh_public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHR0aGlzaXNhdGVzdGtleWZvcmtpbG5zaW11bGF0b3I0 t@k' } }))).rejects.toThrow(/lacks VM\.Allocate on \/vms/);
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
