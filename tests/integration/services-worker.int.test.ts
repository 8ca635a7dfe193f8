// A service restart is an operation the worker runs: with no worker the request waits in the
// queue (the web never runs SSH itself); a worker that starts later runs it and audits it.
// Worker processes are this file's own, on their own Redis prefix (the test stack's never see these jobs).
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherSetting } from '../../scripts/lib/config';
import { applyEnvironment } from '../setup/env';
import { killProcess, startWorkerProcess } from '../helpers/worker-process';

applyEnvironment({ REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}svc-${randomUUID().slice(0, 8)}:` });

const { closeDb, getDb } = await import('@kiln/db');
const { closeRedis, getRedis } = await import('@kiln/redis');
const { closeQueues } = await import('@kiln/queue');
const { closePveClients, readOperationEvents, requestServiceOperation } = await import('@kiln/services');
const { PveClient } = await import('@kiln/pve');
const { makeUser } = await import('../helpers/users');
const { startTestSim } = await import('../helpers/sim');
const { registerSimNode } = await import('../helpers/provisioning');
const { createCt } = await import('./containers-fixture');

type Sim = Awaited<ReturnType<typeof startTestSim>>;
let sim: Sim;
let pve: InstanceType<typeof PveClient>;
let user: Awaited<ReturnType<typeof makeUser>>;
let nodeId: string;
let vmid: number;
const workers = new Set<ChildProcess>();

const startWorker = (): ChildProcess => startWorkerProcess(workers);

const kill = killProcess;

async function stateOf(operationId: string): Promise<string> {
  return (await getDb().operation.findUniqueOrThrow({ where: { id: operationId }, select: { state: true } })).state;
}

beforeAll(async () => {
  sim = await startTestSim({ seed: 0, taskDurationMs: 200 });
  pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  user = await makeUser();
  nodeId = (await registerSimNode(user, sim)).id;
  vmid = await createCt(pve, 'svc-worker', { start: true });
});

afterAll(async () => {
  await Promise.all([...workers].map((w) => kill(w, 'SIGKILL')));
  await pve?.close();
  await closePveClients();
  await sim?.close();
  await closeQueues();
  await closeDb();
  await closeRedis();
});

describe('service control runs in the worker', () => {
  it('waits queued while no worker runs, then the worker restarts the unit and audits it', async () => {
    const actor = { id: user.id, username: user.username, ip: '10.1.2.3' };
    const { operationId } = await requestServiceOperation({ db: getDb(), redis: getRedis() }, actor, { nodeId, vmid }, 'cron.service', 'restart');
    const row = await getDb().operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(row).toMatchObject({ kind: 'service.restart', userId: user.id, nodeId, vmid, state: 'queued', params: { unit: 'cron.service' } });

    // Nobody runs SSH for the request: it stays queued and nothing is audited.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await stateOf(operationId)).toBe('queued');
    expect(await getDb().auditEvent.count({ where: { userId: user.id, action: 'container.service.restart' } })).toBe(0);

    const worker = startWorker();
    const deadline = Date.now() + 60_000;
    while (!['succeeded', 'failed'].includes(await stateOf(operationId))) {
      if (Date.now() > deadline) throw new Error('the worker never finished the restart');
      await new Promise((r) => setTimeout(r, 250));
    }
    const done = await getDb().operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(done).toMatchObject({ state: 'succeeded', message: 'Restarted cron.service.' });
    expect(done.result).toMatchObject({ ok: true, unit: 'cron.service', verb: 'restart', service: { name: 'cron.service', active: 'active' } });

    const audit = await getDb().auditEvent.findMany({ where: { userId: user.id, action: 'container.service.restart' } });
    expect(audit.map((e) => [e.outcome, e.ip, (e.detail as { unit?: string }).unit])).toEqual([['success', '10.1.2.3', 'cron.service']]);

    // Its channel tells the story the browser follows: queued, running, the command, the verdict.
    const events = (await readOperationEvents(getRedis(), operationId)).map((e) => e.event);
    expect(events).toEqual([
      { type: 'state', state: 'queued' },
      { type: 'state', state: 'running' },
      { type: 'log', text: 'systemctl restart cron.service' },
      { type: 'state', state: 'succeeded', message: 'Restarted cron.service.' },
    ]);
    await kill(worker, 'SIGTERM');
  });
});
