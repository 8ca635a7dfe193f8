// Issue 6 figures: creation overhead beyond the simulator's task time and the scripts' own time,
// SSH handshakes per creation, wall time of 20 parallel creations and worker RSS under that load.
// Jobs use a Redis prefix of their own, so the bench stack's worker does not take them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { ROOT } from '../scripts/lib/paths';
import { WORKER_NODE_FLAGS } from '../scripts/lib/stack';
import { fmt, percentile, treeRssMiB } from '../scripts/lib/proc-stats';

process.env.REDIS_PREFIX = `${process.env.REDIS_PREFIX ?? 'kiln-bench:'}prov-${randomUUID().slice(0, 8)}:`;

const { closeDb, getDb } = await import('@kiln/db');
const { closeRedis, getRedis } = await import('@kiln/redis');
const { closeQueues } = await import('@kiln/queue');
const { closePveClients, runCreation, sshPool } = await import('@kiln/services');
const { createLogger } = await import('@kiln/core');
const { startSimulator } = await import('@kiln/pve-sim');
const { makeUser } = await import('../tests/helpers/users');
const { creationRequest, creationService, registerSimNode, templateId, waitForLifecycle } = await import('../tests/helpers/provisioning');

const TASK_MS = 1000;
const sim = await startSimulator({
  dataDir: mkdtempSync(path.join(tmpdir(), 'kiln-bench-prov-')),
  apiPort: 0,
  sshPort: 0,
  nodes: ['pve1'],
  taskDurationMs: TASK_MS,
  authFailureDelayMs: 50,
  tokens: [{ id: 'kiln@pve!kiln' }, { id: 'audit@pve!ro', privileges: { '/': ['VM.Audit'] } }],
});
let worker: ChildProcess | undefined;
try {
  const user = await makeUser();
  const node = await registerSimNode(user, sim);
  const nginx = await templateId('nginx-static');
  const target = { host: '127.0.0.1', port: sim.nodes[0]!.sshPort, username: 'root' };

  // One creation at a time, run by the engine in this process (so its SSH pool can be read).
  const overheads: number[] = [];
  const handshakes: number[] = [];
  for (let i = 0; i < 5; i++) {
    // A fresh pool per creation: the count is what one creation costs from a cold start.
    await sshPool().close();
    const { containerId } = await creationService().create(user, creationRequest(node.id, nginx));
    const t0 = performance.now();
    const outcome = await runCreation({ db: getDb(), redis: getRedis(), log: createLogger('bench', 'error'), workerId: 'bench', signal: new AbortController().signal }, containerId, {
      lastAttempt: true,
    });
    const wall = performance.now() - t0;
    if (outcome !== 'ready') throw new Error(`creation ended ${outcome}`);
    const steps = await getDb().containerStep.findMany({ where: { containerId } });
    const ms = (key: (k: string) => boolean) => steps.filter((s) => key(s.key) && s.startedAt && s.finishedAt).reduce((n, s) => n + (s.finishedAt!.getTime() - s.startedAt!.getTime()), 0);
    // The simulator's own task time (create, start) and the commands' time inside the container.
    const pveTasks = ms((k) => k === 'wait-create' || k === 'start');
    const scripts = ms((k) => k.startsWith('step:') || k === 'healthcheck');
    overheads.push(wall - pveTasks - scripts);
    handshakes.push(sshPool().stats(target)?.handshakes ?? 0);
  }
  console.log(`creation overhead beyond PVE task time and script time p50 (nginx-static): ${fmt(percentile(overheads, 50), 0)} ms`);
  console.log(`SSH handshakes per creation (fresh pool, 6 template steps + healthcheck): ${percentile(handshakes, 50)}`);

  // 20 parallel creations through a real worker process.
  worker = spawn(process.execPath, [...WORKER_NODE_FLAGS, path.join(ROOT, 'apps/worker/dist/main.js')], { env: { ...process.env, PROVISION_CONCURRENCY: '20', LOG_LEVEL: 'error' }, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 3000));
  const rssIdle = treeRssMiB(worker.pid!);
  let rssMax = rssIdle;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, treeRssMiB(worker!.pid!))), 200);
  const t0 = performance.now();
  const created = await Promise.all(Array.from({ length: 20 }, () => creationService().create(user, creationRequest(node.id, nginx))));
  const outcomes = await Promise.all(created.map((c) => waitForLifecycle(c.containerId, 300_000)));
  const wall20 = performance.now() - t0;
  clearInterval(sampler);
  if (outcomes.some((o) => o !== 'ready')) throw new Error(`parallel creations ended: ${outcomes.join(',')}`);
  console.log(`wall time of 20 parallel creations (nginx-static, ${TASK_MS} ms create task): ${fmt(wall20 / 1000, 1)} s`);
  console.log(`worker RSS under 20 parallel creations (peak): ${fmt(rssMax)} MB (idle ${fmt(rssIdle)} MB)`);
} finally {
  worker?.kill('SIGTERM');
  await closePveClients();
  await sshPool().close();
  await sim.close();
  await closeQueues();
  await closeDb();
  await closeRedis();
}
