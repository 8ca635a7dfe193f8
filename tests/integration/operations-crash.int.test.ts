// The operations engine under crashes and races, with worker processes this file starts and kills.
// They use their own Redis prefix, so the test stack's worker never takes these jobs.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherSetting } from '../../scripts/lib/config';
import { applyEnvironment } from '../setup/env';
import { killProcess, startWorkerProcess } from '../helpers/worker-process';

applyEnvironment({ REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}ops-${randomUUID().slice(0, 8)}:` });

const { closeDb, getDb } = await import('@kiln/db');
const { closeRedis, getRedis } = await import('@kiln/redis');
const { closeQueues, getQueue } = await import('@kiln/queue');
const { createLogger } = await import('@kiln/core');
const svc = await import('@kiln/services');
const { PveClient } = await import('@kiln/pve');
const { makeUser } = await import('../helpers/users');
const { startTestSim } = await import('../helpers/sim');
const { KILN_BACKUP_PRIVILEGES, KILN_ROLE } = await import('@kiln/pve-sim');
const { registerSimNode } = await import('../helpers/provisioning');

type Sim = Awaited<ReturnType<typeof startTestSim>>;
let sim: Sim;
let pve: InstanceType<typeof PveClient>;
let user: Awaited<ReturnType<typeof makeUser>>;
let actor: { id: string; username: string };
let nodeId: string;
const workers = new Set<ChildProcess>();
const deps = () => ({ db: getDb(), redis: getRedis() });

const startWorker = (): ChildProcess => startWorkerProcess(workers);

const kill = killProcess;

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const ended = (id: string) =>
  until(`operation ${id} to end`, async () => {
    const op = await getDb().operation.findUniqueOrThrow({ where: { id } });
    return ['succeeded', 'failed', 'cancelled'].includes(op.state) ? op : null;
  });

/** A stopped container on pve1, straight through the PVE API. */
async function stoppedCt(hostname: string): Promise<number> {
  const vmid = await pve.nextId();
  await pve.waitForTask(
    await pve.lxcCreate('pve1', {
      vmid,
      hostname,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: { storage: 'local-lvm', sizeGiB: 2 },
      net: [{ name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }],
    }),
    { timeout: 30_000 },
  );
  return vmid;
}

const startRequests = (vmid: number) => sim.requestLog.count({ method: 'POST', path: `/nodes/pve1/lxc/${vmid}/status/start` });
const vzstartTasks = async (vmid: number) => (await pve.tasks('pve1', { vmid, typefilter: 'vzstart', source: 'all' })).length;

beforeAll(async () => {
  // Kiln's token with the backup privileges too (the vzdump crash tests).
  sim = await startTestSim({ seed: 0, taskDurationMs: 500, kilnPrivileges: { '/': [...KILN_ROLE, ...KILN_BACKUP_PRIVILEGES] } });
  pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  user = await makeUser();
  actor = { id: user.id, username: user.username };
  nodeId = (await registerSimNode(user, sim)).id;
});

afterAll(async () => {
  await Promise.all([...workers].map((w) => kill(w, 'SIGKILL')));
  await pve?.close();
  await svc.closePveClients();
  await sim?.close();
  await closeQueues();
  await closeDb();
  await closeRedis();
});

describe('a worker killed in the middle of an operation', () => {
  it('is resumed by the next worker, which follows the recorded UPID: the PVE task ran exactly once', async () => {
    const vmid = await stoppedCt('sigkill-me');
    let worker = startWorker();
    const { operationId } = await svc.requestOperation(deps(), actor, 'container.start', { nodeId, vmid });
    // The UPID is on the row before the worker waits for the task: kill it right then.
    const upid = await until('the UPID on the row', async () => (await getDb().operation.findUniqueOrThrow({ where: { id: operationId } })).upids[0]);
    await kill(worker, 'SIGKILL');
    expect((await getDb().operation.findUniqueOrThrow({ where: { id: operationId } })).state).toBe('running');
    worker = startWorker();
    const op = await ended(operationId);
    expect(op).toMatchObject({ state: 'succeeded', upids: [upid], message: 'Started sigkill-me.' });
    expect(op.attempts).toBeGreaterThanOrEqual(2);
    expect(startRequests(vmid)).toBe(1);
    expect(await vzstartTasks(vmid)).toBe(1);
    expect((await pve.lxcStatus('pve1', vmid)).status).toBe('running');
    const events = await svc.readOperationEvents(getRedis(), operationId);
    expect(events.some((e) => e.event.type === 'state' && e.event.message === 'Resumed by another worker.')).toBe(true);
    // The audit row is written once, by the worker that saw the task end.
    expect(await getDb().auditEvent.count({ where: { userId: user.id, action: 'container.start', targetId: `${nodeId}/${vmid}` } })).toBe(1);
    await kill(worker, 'SIGTERM');
  });

  it('finds a task a dead worker started but never recorded in the node task list, and follows it instead of starting another', async () => {
    const vmid = await stoppedCt('unrecorded');
    const { operationId } = await svc.requestOperation(deps(), actor, 'container.start', { nodeId, vmid });
    // What a worker killed between PVE's answer and the row update leaves behind: a running row without UPID.
    await getDb().operation.update({ where: { id: operationId }, data: { state: 'running', startedAt: new Date(), attempts: 1, leaseOwner: 'dead-worker', leaseUntil: new Date(Date.now() - 1000) } });
    const upid = await pve.lxcStart('pve1', vmid);
    const worker = startWorker();
    const op = await ended(operationId);
    expect(op).toMatchObject({ state: 'succeeded', upids: [upid] });
    expect(startRequests(vmid)).toBe(1);
    expect(await vzstartTasks(vmid)).toBe(1);
    await kill(worker, 'SIGTERM');
  });

  it('adopts a vzdump a dead worker started but never recorded: one backup, not two', async () => {
    const vmid = await stoppedCt('dump-once');
    const { operationId } = await svc.requestBackupCreate(deps(), actor, { nodeId, vmid }, { storage: 'local', mode: 'snapshot', compress: 'zstd' });
    // A worker killed between PVE's answer and the row update: a running row without UPID, the vzdump under way.
    await getDb().operation.update({ where: { id: operationId }, data: { state: 'running', startedAt: new Date(), attempts: 1, leaseOwner: 'dead-worker', leaseUntil: new Date(Date.now() - 1000) } });
    const upid = await pve.vzdump('pve1', { vmids: [vmid], storage: 'local', mode: 'snapshot', compress: 'zstd' });
    const worker = startWorker();
    const op = await ended(operationId);
    expect(op).toMatchObject({ state: 'succeeded', upids: [upid] });
    expect(sim.requestLog.count({ method: 'POST', path: '/nodes/pve1/vzdump' })).toBe(1);
    expect(await pve.backups('pve1', 'local', { vmid })).toHaveLength(1);
    const events = await svc.readOperationEvents(getRedis(), operationId);
    expect(events.some((e) => e.event.type === 'log' && e.event.text === `Following vzdump task ${upid}, started before this worker took over.`)).toBe(true);
    await kill(worker, 'SIGTERM');
  });

  it('starts the vzdump when a dead worker left none behind', async () => {
    const vmid = await stoppedCt('dump-fresh');
    const { operationId } = await svc.requestBackupCreate(deps(), actor, { nodeId, vmid }, { storage: 'local', mode: 'snapshot', compress: 'zstd' });
    await getDb().operation.update({ where: { id: operationId }, data: { state: 'running', startedAt: new Date(), attempts: 1, leaseOwner: 'dead-worker', leaseUntil: new Date(Date.now() - 1000) } });
    const worker = startWorker();
    const op = await ended(operationId);
    expect(op.state).toBe('succeeded');
    expect(op.upids).toHaveLength(1);
    expect(await pve.backups('pve1', 'local', { vmid })).toHaveLength(1);
    await kill(worker, 'SIGTERM');
  });

  it("ends in PVE's real verdict when the task it follows failed", async () => {
    const vmid = await stoppedCt('locked-crash');
    sim.view.setContainerConfig(vmid, { lock: 'backup' }, []);
    let worker = startWorker();
    const { operationId } = await svc.requestOperation(deps(), actor, 'container.start', { nodeId, vmid });
    await until('the UPID on the row', async () => (await getDb().operation.findUniqueOrThrow({ where: { id: operationId } })).upids[0]);
    await kill(worker, 'SIGKILL');
    worker = startWorker();
    const op = await ended(operationId);
    expect(op.state).toBe('failed');
    expect(op.message).toMatch(/^Proxmox VE refused: .*locked \(backup\)/);
    expect(startRequests(vmid)).toBe(1);
    sim.view.setContainerConfig(vmid, {}, ['lock']);
    await kill(worker, 'SIGTERM');
  });
});

describe('an operation that lost its job', () => {
  it('is handed to a worker again by the janitor, and runs once', async () => {
    const vmid = await stoppedCt('orphaned-op');
    const { operationId } = await svc.requestOperation(deps(), actor, 'container.start', { nodeId, vmid });
    // As if Redis had lost the job after the row was written.
    await (await getQueue('operations').getJob(operationId))!.remove();
    await getDb().operation.update({ where: { id: operationId }, data: { updatedAt: new Date(Date.now() - 10 * 60_000) } });
    expect(await svc.requeueStaleOperations(getDb())).toEqual([operationId]);
    expect(await svc.requeueStaleOperations(getDb())).toEqual([]);
    const worker = startWorker();
    expect(await ended(operationId)).toMatchObject({ state: 'succeeded' });
    expect(startRequests(vmid)).toBe(1);
    await kill(worker, 'SIGTERM');
  });
});

describe('two workers and one operation', () => {
  it('never both run it: the lease lets one start the PVE task, the other backs off', async () => {
    const vmid = await stoppedCt('raced');
    const { operationId } = await svc.requestOperation(deps(), actor, 'container.start', { nodeId, vmid });
    const base = { ...deps(), vmids: new svc.VmidService(getDb(), getRedis()), log: createLogger('test', 'error'), leaseMs: 30_000 };
    const results = await Promise.allSettled([svc.runOperation({ ...base, workerId: 'alpha' }, operationId), svc.runOperation({ ...base, workerId: 'beta' }, operationId)]);
    const done = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<string>).value);
    expect(done).toContain('succeeded');
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(svc.OperationRetry);
    expect(startRequests(vmid)).toBe(1);
    // The same job enqueued again (a retried request) is still one job: its id is the operation id.
    await svc.enqueueOperation(operationId);
    await svc.enqueueOperation(operationId);
    const jobs = await getQueue('operations').getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    expect(jobs.filter((j) => j.id === operationId)).toHaveLength(1);
  });
});

describe('cancelling a bulk operation', () => {
  it('cancels the children not yet started; running ones finish; their containers stay as they were', async () => {
    const vmids: number[] = [];
    for (let i = 0; i < 10; i++) vmids.push(await stoppedCt(`bulk-${i}`));
    const worker = startWorker();
    const { operationId } = await svc.requestOperation(
      deps(),
      actor,
      'bulk.start',
      vmids.map((vmid) => ({ nodeId, vmid })),
    );
    await until('a child to run', async () => (await getDb().operation.count({ where: { parentId: operationId, state: { in: ['running', 'succeeded'] } } })) > 0, 60_000, 10);
    const { cancelled } = await svc.cancelOperation(deps(), actor, operationId);
    expect(cancelled).toBeGreaterThan(0);
    const parent = await ended(operationId);
    const children = await getDb().operation.findMany({ where: { parentId: operationId } });
    const by = (s: string) => children.filter((c) => c.state === s);
    expect(by('cancelled')).toHaveLength(cancelled);
    expect(by('succeeded').length + by('cancelled').length).toBe(10);
    expect(parent).toMatchObject({ state: 'cancelled', result: { total: 10, succeeded: by('succeeded').length, failed: 0, cancelled } });
    for (const c of by('cancelled')) {
      expect((await pve.lxcStatus('pve1', c.vmid!)).status).toBe('stopped');
      expect(startRequests(c.vmid!)).toBe(0);
      expect(c.upids).toEqual([]);
    }
    for (const c of by('succeeded')) expect((await pve.lxcStatus('pve1', c.vmid!)).status).toBe('running');
    await kill(worker, 'SIGTERM');
  });

  it('a queued operation cancelled before any worker took it never reaches Proxmox VE', async () => {
    const vmid = await stoppedCt('never');
    const { operationId } = await svc.requestOperation(deps(), actor, 'container.start', { nodeId, vmid });
    expect(await svc.cancelOperation(deps(), actor, operationId)).toEqual({ cancelled: 1, state: 'cancelled' });
    const worker = startWorker();
    await until('the job to be done', async () => (await getQueue('operations').getJob(operationId))?.finishedOn);
    expect(startRequests(vmid)).toBe(0);
    expect((await getDb().operation.findUniqueOrThrow({ where: { id: operationId } })).state).toBe('cancelled');
    await kill(worker, 'SIGTERM');
  });
});

describe("someone else's operation", () => {
  it('cannot be read, followed or cancelled by another user', async () => {
    const vmid = await stoppedCt('private-op');
    const { operationId } = await svc.requestOperation(deps(), actor, 'container.start', { nodeId, vmid });
    const other = await makeUser();
    const them = { id: other.id, username: other.username };
    await expect(svc.operationView(deps(), them, operationId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(svc.cancelOperation(deps(), them, operationId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await svc.listOperations(getDb(), them)).toEqual([]);
    // Nor can they ask for an operation on a node that is not theirs.
    await expect(svc.requestOperation(deps(), them, 'container.stop', { nodeId, vmid })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await svc.operationView(deps(), actor, operationId)).operation.state).toBe('queued');
    await svc.cancelOperation(deps(), actor, operationId);
  });
});
