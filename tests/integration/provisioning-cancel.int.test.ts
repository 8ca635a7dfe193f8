// Cancelling a creation in progress (issue 17): the worker stops at the next step boundary, never
// inside a step, and the row ends cancelled with who and where in its event log, offering Delete,
// Keep and Retry like a failed creation. Creations run in this process on a Redis prefix of their
// own, so the test stack's worker never takes them.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherSetting } from '../../scripts/lib/config';
import { applyEnvironment } from '../setup/env';
import type { ChildProcess } from 'node:child_process';
import { closeAll, killProcess, startWorkerProcess } from '../helpers/worker-process';

applyEnvironment({ REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}cancel-${randomUUID().slice(0, 8)}:` });

const { getDb } = await import('@kiln/db');
const { getRedis } = await import('@kiln/redis');
const { createLogger } = await import('@kiln/core');
const svc = await import('@kiln/services');
const { deps, opDeps } = await import('../helpers/in-process-ops');
const { sharedSshPool } = await import('@kiln/ssh');
const { makeUser } = await import('../helpers/users');
const { startTestSim } = await import('../helpers/sim');
const { creationRequest, creationService, registerSimNode, waitForLifecycle } = await import('../helpers/provisioning');
const workers = new Set<ChildProcess>();

type Sim = Awaited<ReturnType<typeof startTestSim>>;
let sim: Sim;
let user: Awaited<ReturnType<typeof makeUser>>;
let actor: { id: string; username: string };
let nodeId: string;
let slowId: string;
const log = createLogger('test', 'warn');
const actions = () => new svc.CreationActions(getDb(), getRedis());
const rootSsh = () =>
  sharedSshPool().node({ host: '127.0.0.1', port: sim.nodes[0]!.sshPort, username: 'root', auth: { password: sim.rootPassword }, hostKeyFingerprint: sim.nodes[0]!.sshHostKeyFingerprint });

const SLOW = `apiVersion: kiln/v1
slug: slow-${randomBytes(4).toString('hex')}
name: Slow
version: 1.0.0
description: A template whose second step takes a while.
icon: "🐢"
os: { distribution: debian, version: "12" }
steps:
  - id: first
    type: script
    run: touch /root/first
  - id: slow
    type: script
    title: Slow step
    run: sleep 3; touch /root/slow
  - id: last
    type: script
    title: Last step
    run: touch /root/last
`;

/** One worker's run of a creation (as the provisioning job runs it), with its own shutdown signal. */
function run(containerId: string, signal = new AbortController().signal) {
  return svc.runCreation({ ...deps(), log, workerId: `test:${randomUUID().slice(0, 6)}`, signal }, containerId, { lastAttempt: true });
}

async function waitForStep(containerId: string, key: string, state: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await getDb().containerStep.findFirst({ where: { containerId, key }, select: { state: true } });
    if (s?.state === state) return;
    if (Date.now() > deadline) throw new Error(`step ${key} never became ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exists = async (vmid: number, path: string) => (await rootSsh().pctExec(vmid, ['test', '-e', path], { timeout: 20_000 })).exitCode === 0;
const stepStates = async (containerId: string) => Object.fromEntries((await getDb().containerStep.findMany({ where: { containerId }, orderBy: { position: 'asc' } })).map((s) => [s.key, s.state]));

beforeAll(async () => {
  sim = await startTestSim({ taskDurationMs: 100 });
  user = await makeUser();
  actor = { id: user.id, username: user.username };
  nodeId = (await registerSimNode(user, sim)).id;
  const imported = await new svc.TemplateService(getDb()).importText(actor, SLOW);
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  slowId = imported.id;
});

afterAll(() => closeAll({ workers, sim }));

describe('cancelling a creation', () => {
  it('during the template steps: the running step finishes, the next never starts; cancelled state explained, then Keep', async () => {
    const created = await creationService().create(actor, creationRequest(nodeId, slowId));
    const id = created.containerId;
    const running = run(id);
    await waitForStep(id, 'step:slow', 'running');
    await actions().cancel(actor, id);
    // Asking twice changes nothing.
    await actions().cancel(actor, id);
    expect(await running).toBe('cancelled');

    const row = await getDb().container.findUniqueOrThrow({ where: { id } });
    expect(row.lifecycle).toBe('error');
    expect(row.failure).toMatchObject({ step: 'step:last', title: 'Last step', cancelled: true, cancelledBy: user.username });
    const states = await stepStates(id);
    expect(states['step:slow']).toBe('done');
    expect(states['step:last']).toBe('pending');
    expect(Object.values(states).filter((s) => s === 'failed' || s === 'running')).toEqual([]);
    // The slow step ran to its end; the last one never ran.
    expect(await exists(row.vmid, '/root/slow')).toBe(true);
    expect(await exists(row.vmid, '/root/last')).toBe(false);

    const events = await getDb().containerEvent.findMany({ where: { containerId: id }, orderBy: { id: 'asc' } });
    expect(events.filter((e) => e.type === 'cancel.requested').map((e) => e.message)).toEqual([`Cancel requested by ${user.username}: the creation stops after the step that is running.`]);
    const cancelled = events.filter((e) => e.type === 'cancelled');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.message).toMatch(new RegExp(`^Cancelled by ${user.username} before “Last step” \\(step \\d+ of \\d+; \\d+ done\\)\\.`));
    const op = await getDb().operation.findUniqueOrThrow({ where: { id: created.operationId! } });
    expect(op.state).toBe('cancelled');
    expect(op.message).toBe(cancelled[0]!.message);
    const progress = await svc.creationProgress(deps(), user.id, id);
    expect(progress?.failure).toMatchObject({ cancelled: true, cancelledBy: user.username });

    // A cancelled creation is settled: another run (a job handed out again) changes nothing.
    expect(await run(id)).toBe('not-creating');
    expect(await getDb().containerEvent.count({ where: { containerId: id, type: 'cancelled' } })).toBe(1);
    await expect(actions().cancel(actor, id)).rejects.toThrow('Only a creation in progress can be cancelled.');

    await actions().keep(actor, id);
    expect((await getDb().container.findUniqueOrThrow({ where: { id } })).lifecycle).toBe('ready');
  });

  it('before the PVE create: no container on Proxmox VE, nothing run; Delete afterwards', async () => {
    const created = await creationService().create(actor, creationRequest(nodeId, slowId));
    const id = created.containerId;
    // Through the operations route, as the creation's requester cancels it there.
    await svc.cancelOperation(deps(), actor, created.operationId!);
    expect(await run(id)).toBe('cancelled');
    const row = await getDb().container.findUniqueOrThrow({ where: { id } });
    expect(row.failure).toMatchObject({ cancelled: true, cancelledBy: user.username });
    const states = await stepStates(id);
    expect(Object.values(states).every((s) => s === 'pending')).toBe(true);
    expect(sim.view.getContainer(row.vmid)).toBeUndefined();

    const { operationId } = await actions().discard(actor, id);
    await svc.runOperation(opDeps(), operationId!);
    expect((await getDb().container.findUniqueOrThrow({ where: { id } })).lifecycle).toBe('deleted');
  });

  it('a worker stopped while the cancel is pending hands it on: its successor settles it once, at the step boundary', async () => {
    const created = await creationService().create(actor, creationRequest(nodeId, slowId));
    const id = created.containerId;
    const shutdown = new AbortController();
    const first = run(id, shutdown.signal);
    await waitForStep(id, 'step:slow', 'running');
    await actions().cancel(actor, id);
    shutdown.abort();
    await expect(first).rejects.toThrow('Worker shutting down.');
    expect((await getDb().container.findUniqueOrThrow({ where: { id } })).lifecycle).toBe('creating');
    // The successor does not start the interrupted step again: it stops before it.
    expect(await run(id)).toBe('cancelled');
    const row = await getDb().container.findUniqueOrThrow({ where: { id } });
    expect(row.failure).toMatchObject({ step: 'step:slow', cancelled: true, cancelledBy: user.username });
    expect(await getDb().containerEvent.count({ where: { containerId: id, type: 'cancelled' } })).toBe(1);
    expect((await getDb().operation.findUniqueOrThrow({ where: { id: created.operationId! } })).state).toBe('cancelled');
  });

  it('another user cannot cancel it (not found without access, refused as a viewer or another operator); its requester can', async () => {
    const created = await creationService().create(actor, creationRequest(nodeId, slowId));
    const id = created.containerId;
    const stranger = await makeUser();
    await expect(actions().cancel({ id: stranger.id, username: stranger.username }, id)).rejects.toThrow(/not found/i);
    await expect(svc.cancelOperation(deps(), { id: stranger.id, username: stranger.username }, created.operationId!)).rejects.toThrow(/not found/i);
    const op = await getDb().operation.findUniqueOrThrow({ where: { id: created.operationId! } });
    expect(op.cancelRequested).toBe(false);
    // A viewer of the node sees the creation but may not stop it; an operator who did not start it neither.
    await new svc.NodeShares(getDb()).share(actor, { nodeId, username: stranger.username, role: 'viewer' });
    await expect(actions().cancel({ id: stranger.id, username: stranger.username }, id)).rejects.toThrow('Only the node’s owner or the operator who started this creation can do that.');
    await new svc.NodeShares(getDb()).share(actor, { nodeId, username: stranger.username, role: 'operator' });
    await expect(actions().cancel({ id: stranger.id, username: stranger.username }, id)).rejects.toThrow('Only the node’s owner or the operator who started this creation can do that.');
    expect(await getDb().containerEvent.count({ where: { containerId: id, type: 'cancel.requested' } })).toBe(0);
    expect((await getDb().operation.findUniqueOrThrow({ where: { id: created.operationId! } })).cancelRequested).toBe(false);
    await actions().cancel(actor, id);
    expect(await run(id)).toBe('cancelled');
  });

  it('a worker process killed while the cancel is pending: the next one settles it once, without running the cut-off step again', async () => {
    let worker = startWorkerProcess(workers, { PROVISION_CONCURRENCY: '2' });
    const created = await creationService().create(actor, creationRequest(nodeId, slowId));
    const id = created.containerId;
    await waitForStep(id, 'step:slow', 'running');
    await actions().cancel(actor, id);
    await killProcess(worker, 'SIGKILL');
    worker = startWorkerProcess(workers, { PROVISION_CONCURRENCY: '2' });
    // The successor waits for the dead worker's lease (30 s), then settles the row.
    expect(await waitForLifecycle(id, 120_000)).toBe('error');
    const row = await getDb().container.findUniqueOrThrow({ where: { id } });
    expect(row.failure).toMatchObject({ step: 'step:slow', cancelled: true, cancelledBy: user.username });
    expect((row.failure as { message: string }).message).toContain('cut off half-way');
    const states = await stepStates(id);
    expect(states['step:slow']).toBe('pending');
    expect(states['step:last']).toBe('pending');
    expect(await getDb().containerEvent.count({ where: { containerId: id, type: 'cancelled' } })).toBe(1);
    // Started once, never again after the kill.
    expect(await getDb().containerEvent.count({ where: { containerId: id, type: { in: ['step.started', 'step.resumed'] }, data: { path: ['step'], equals: 'step:slow' } } })).toBe(1);
    expect(await exists(row.vmid, '/root/last')).toBe(false);
    expect((await getDb().operation.findUniqueOrThrow({ where: { id: created.operationId! } })).state).toBe('cancelled');
    await killProcess(worker, 'SIGTERM');
  }, 180_000);
});
