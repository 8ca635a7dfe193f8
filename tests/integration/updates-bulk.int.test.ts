// Bulk and scheduled updates (issue 15): a bulk update runs the safe update pipeline per container
// (N at once per node) and, when asked, stops at the first rollback; update schedules start one bulk
// run per window over the containers in scope with pending updates, and two runs never overlap on
// one container (the container's update lock). Operations run in this process on a Redis prefix of
// their own, so the test stack's worker never takes them.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherSetting } from '../../scripts/lib/config';
import { applyEnvironment } from '../setup/env';
import { closeAll } from '../helpers/worker-process';

applyEnvironment({ REDIS_PREFIX: `${launcherSetting('REDIS_PREFIX') ?? 'kiln-test:'}bulkupd-${randomUUID().slice(0, 8)}:` });

const { getDb } = await import('@kiln/db');
const { createLogger } = await import('@kiln/core');
const svc = await import('@kiln/services');
const { rootSsh: rootSshOf } = await import('./containers-fixture');
const { deps, opDeps } = await import('../helpers/in-process-ops');
const { PveClient } = await import('@kiln/pve');
const { makeUser } = await import('../helpers/users');
const { startTestSim } = await import('../helpers/sim');
const { KILN_BACKUP_PRIVILEGES, KILN_ROLE } = await import('@kiln/pve-sim');
const { registerSimNode } = await import('../helpers/provisioning');
const { runningCt } = await import('../helpers/kiln-container');

type Sim = Awaited<ReturnType<typeof startTestSim>>;
let sim: Sim;
const dataDir = mkdtempSync(path.join(tmpdir(), 'kiln-sim-bulkupd-'));
let pve: InstanceType<typeof PveClient>;
let user: Awaited<ReturnType<typeof makeUser>>;
let actor: { id: string; username: string };
let node: Awaited<ReturnType<typeof registerSimNode>>;

const rootSsh = () => rootSshOf(sim);

/** A plain running Debian container with `pkg` installed (and its service running). */
async function withPackage(hostname: string, pkg: string, tags: string[] = []) {
  const vmid = await pve.nextId();
  await runningCt(pve, vmid, hostname);
  expect((await rootSsh().pctExec(vmid, ['apt-get', 'install', '-y', pkg])).exitCode).toBe(0);
  if (tags.length) await pve.lxcSetConfig('pve1', vmid, { tags });
  return vmid;
}
const installed = async (vmid: number, pkg: string) => (await rootSsh().pctExec(vmid, ['dpkg-query', '-W', '--showformat=${Version}', pkg])).stdout;
const op = (id: string) => getDb().operation.findUniqueOrThrow({ where: { id } });
const children = (parentId: string) => getDb().operation.findMany({ where: { parentId }, orderBy: { vmid: 'asc' } });
// The poll reads /cluster/resources, which shows a new container's state only after pvestatd's broadcast
// (the simulator models PVE's lag): broadcast first, as the next real one would.
const poll = () => (sim.broadcastStatus(), svc.pollCluster({ ...deps(), log: createLogger('test', 'error'), workerId: 'test' }, svc.clusterKeyOf(node)));

beforeAll(async () => {
  sim = await startTestSim({ dataDir, seed: 0, taskDurationMs: 150, localRootdir: true, kilnPrivileges: { '/': [...KILN_ROLE, ...KILN_BACKUP_PRIVILEGES] } });
  pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
  user = await makeUser();
  actor = { id: user.id, username: user.username };
  node = await registerSimNode(user, sim);
});

afterAll(() => closeAll({ workers: new Set(), pve, sim }));

describe('a bulk update', () => {
  it('updates one container after the other and stops at the first rollback when asked', async () => {
    const a = await withPackage('bulk-a', 'nginx');
    const b = await withPackage('bulk-b', 'redis-server');
    const c = await withPackage('bulk-c', 'nginx');
    const nginxBefore = await installed(a, 'nginx');
    const redisBefore = await installed(b, 'redis-server');
    sim.packages.publish('debian', { name: 'nginx', version: '1.22.1-9+deb12u2', security: true });
    // redis-server's upgrade fails in its postinst: b must be rolled back.
    sim.packages.publish('debian', { name: 'redis-server', version: '5:7.0.15-1~deb12u9', security: true, fail: { at: 'postinst' } });

    const targets = [a, b, c].map((vmid) => ({ nodeId: node.id, vmid }));
    const { operationId } = await svc.requestBulkUpdate(deps(), actor, targets, { what: 'os', safety: 'snapshot', perNode: 1, stopAtFirstRollback: true });
    await svc.runOperation(opDeps(), operationId);

    const [ca, cb, cc] = await children(operationId);
    expect([ca!.state, cb!.state, cc!.state]).toEqual(['succeeded', 'failed', 'cancelled']);
    expect(cb!.result).toMatchObject({ outcome: 'rolled-back', rolledBack: true });
    expect(cc!.message).toBe(`Not started: the batch stopped after CT ${b} had to be rolled back.`);
    const parent = await op(operationId);
    expect(parent.state).toBe('failed');
    expect(parent.message).toBe(`Updated 1 of 3 containers, 1 rolled back, 1 cancelled. The batch stopped after CT ${b} had to be rolled back.`);
    expect(parent.result).toMatchObject({ total: 3, succeeded: 1, failed: 1, cancelled: 1, rolledBack: 1, stoppedBy: `CT ${b}` });
    // a is updated, b is back where it was, c was never touched.
    expect(await installed(a, 'nginx')).toBe('1.22.1-9+deb12u2');
    expect(await installed(b, 'redis-server')).toBe(redisBefore);
    expect(await installed(c, 'nginx')).toBe(nginxBefore);
    expect((await pve.lxcSnapshots('pve1', c)).map((s) => s.name)).toEqual(['current']);

    // Not asked to stop: every container gets its turn, the failing one is rolled back again.
    const again = await svc.requestBulkUpdate(
      deps(),
      actor,
      [b, c].map((vmid) => ({ nodeId: node.id, vmid })),
      { what: 'os', safety: 'snapshot', stopAtFirstRollback: false },
    );
    await svc.runOperation(opDeps(), again.operationId);
    expect((await children(again.operationId)).map((ch) => ch.state)).toEqual(['failed', 'succeeded']);
    expect((await op(again.operationId)).message).toBe('Updated 1 of 2 containers, 1 rolled back.');
    expect(await installed(c, 'nginx')).toBe('1.22.1-9+deb12u2');
    sim.packages.withdraw('debian', 'redis-server');
  });

  it('is refused with the field named when its options are wrong', async () => {
    const target = [{ nodeId: node.id, vmid: 999_999 }];
    await expect(svc.requestBulkUpdate(deps(), actor, target, { what: 'os', safety: 'backup' })).rejects.toMatchObject({ fieldErrors: { backupStorage: 'Choose the storage the backup goes to.' } });
    await expect(svc.requestBulkUpdate(deps(), actor, target, { what: 'template' as 'os', safety: 'snapshot' })).rejects.toMatchObject({ fieldErrors: { what: expect.any(String) } });
    await expect(svc.requestBulkUpdate(deps(), actor, [], { what: 'os', safety: 'snapshot' })).rejects.toThrow('Select at least one container.');
    // Another user's node: the child fails at once, nothing about the node is said.
    const stranger = await makeUser();
    const { operationId } = await svc.requestBulkUpdate(deps(), { id: stranger.id, username: stranger.username }, [{ nodeId: node.id, vmid: 100 }], { what: 'os', safety: 'snapshot' });
    const [child] = await children(operationId);
    expect([child!.state, child!.nodeId]).toEqual(['failed', null]);
  });
});

describe('update schedules', () => {
  const berlinSunday3 = { days: [0], time: '03:00', timeZone: 'Europe/Berlin' };

  it('are saved with their next window, for the owner only, and refuse a node they may not update on', async () => {
    const { id } = await svc.saveUpdateSchedule(
      deps(),
      actor,
      undefined,
      { name: 'Sunday night', nodeId: node.id, ...berlinSunday3, options: { what: 'os-security', safety: 'snapshot' } },
      new Date('2026-12-04T12:00:00Z'),
    );
    const [view] = (await svc.listUpdateSchedules(deps(), user.id)).filter((s) => s.id === id);
    expect(view).toMatchObject({ name: 'Sunday night', nodeName: node.name, window: 'Sun at 03:00 (Europe/Berlin)', nextRunAt: '2026-12-06T02:00:00.000Z', lastRunAt: null });
    const stranger = await makeUser();
    const them = { id: stranger.id, username: stranger.username };
    await expect(svc.saveUpdateSchedule(deps(), them, id, { name: 'mine now', tag: 'x', ...berlinSunday3, options: { what: 'os', safety: 'none' } })).rejects.toThrow(/not found/i);
    await expect(svc.saveUpdateSchedule(deps(), them, undefined, { name: 'theirs', nodeId: node.id, ...berlinSunday3, options: { what: 'os', safety: 'none' } })).rejects.toThrow();
    await expect(svc.deleteUpdateSchedule(deps(), them, id)).rejects.toThrow(/not found/i);
    await expect(svc.saveUpdateSchedule(deps(), actor, undefined, { name: 'x', ...berlinSunday3, options: { what: 'os', safety: 'none' } })).rejects.toMatchObject({
      fieldErrors: { nodeId: 'Choose a node or a tag (one of them).' },
    });
    await expect(svc.saveUpdateSchedule(deps(), actor, undefined, { name: 'x', tag: 'a', ...berlinSunday3, timeZone: 'Mars/Olympus', options: { what: 'os', safety: 'none' } })).rejects.toMatchObject({
      fieldErrors: { timeZone: 'Not a time zone this server knows.' },
    });
    await svc.deleteUpdateSchedule(deps(), actor, id);
  });

  it('start one run per window over what has pending updates, and two runs never overlap on one container', async () => {
    const d = await withPackage('sched-d', 'cron', ['auto-upd', 'grp']);
    const e = await withPackage('sched-e', 'cron', ['grp']);
    // A slow download: the first run still holds the container when the second one gets there.
    sim.packages.publish('debian', { name: 'cron', version: '3.0pl1-162+deb12u9', security: true, delayMs: 1500 });
    await poll();
    await svc.serveUpdateCheck(deps(), { userId: user.id, nodeId: node.id });
    const before = await installed(d, 'cron');

    // Both cover d, each as its first container: one by the tag d and e share, one by d's own tag. Both windows are due now.
    const base = { ...berlinSunday3, options: { what: 'os-security' as const, safety: 'snapshot' as const, perNode: 2 } };
    const byGroup = await svc.saveUpdateSchedule(deps(), actor, undefined, { name: 'grp', tag: 'grp', ...base });
    const byTag = await svc.saveUpdateSchedule(deps(), actor, undefined, { name: 'tagged', tag: 'auto-upd', ...base });
    const due = new Date(Date.now() - 60_000);
    await getDb().updateSchedule.updateMany({ where: { id: { in: [byGroup.id, byTag.id] } }, data: { nextRunAt: due } });
    // A node-wide schedule (not due) would take every running container with pending security updates.
    const byNode = await svc.saveUpdateSchedule(deps(), actor, undefined, { name: 'node-wide', nodeId: node.id, ...base });
    const nodeWide = await svc.scheduleTargets(deps(), await getDb().updateSchedule.findUniqueOrThrow({ where: { id: byNode.id } }));
    expect(nodeWide.targets).toEqual(expect.arrayContaining([d, e].map((vmid) => ({ nodeId: node.id, vmid }))));
    await svc.deleteUpdateSchedule(deps(), actor, byNode.id);

    // Two workers' ticks at once: each window is claimed once.
    const ticks = await Promise.all([svc.runDueUpdateSchedules(deps()), svc.runDueUpdateSchedules(deps())]);
    expect(ticks.reduce((n, t) => n + t.started, 0)).toBe(2);
    const rows = await getDb().updateSchedule.findMany({ where: { id: { in: [byGroup.id, byTag.id] } }, orderBy: { name: 'asc' } });
    for (const r of rows) expect(r.nextRunAt.getTime()).toBeGreaterThan(Date.now());
    const [groupRun, tagRun] = rows.map((r) => r.lastOperationId!);
    expect(rows.map((r) => r.lastResult)).toEqual(['Started: 2 containers with pending security updates.', 'Started: 1 container with pending security updates.']);
    expect((await children(groupRun!)).map((c) => c.vmid)).toEqual([d, e]);
    expect((await children(tagRun!)).map((c) => c.vmid)).toEqual([d]);

    // The next window comes while the first run has not ended: skipped, the run is not doubled.
    await getDb().updateSchedule.update({ where: { id: byTag.id }, data: { nextRunAt: due } });
    expect(await svc.runDueUpdateSchedules(deps())).toEqual({ started: 0, skipped: 1 });
    expect((await getDb().updateSchedule.findUniqueOrThrow({ where: { id: byTag.id } })).lastResult).toBe('Skipped: the previous run of this schedule is still running.');

    // Both runs at once, as two workers would: d is updated by one of them only.
    await Promise.all([svc.runOperation(opDeps(), groupRun!), svc.runOperation(opDeps(), tagRun!)]);
    const ds = (await getDb().operation.findMany({ where: { parentId: { in: [groupRun!, tagRun!] }, vmid: d } })).sort((x, y) => x.state.localeCompare(y.state));
    expect(ds.map((c) => c.state)).toEqual(['failed', 'succeeded']);
    expect(ds[0]!.message).toBe(`Not started: another update of sched-d is under way (operation ${ds[1]!.id}). Kiln changed nothing.`);
    expect(ds[0]!.result).toMatchObject({ outcome: 'not-started' });
    expect(await installed(d, 'cron')).not.toBe(before);
    expect(await installed(e, 'cron')).toBe('3.0pl1-162+deb12u9');
    // One snapshot of d was taken, by the run that updated it; the lock is gone with the runs.
    expect((await pve.lxcSnapshots('pve1', d)).filter((s) => s.name.startsWith('kiln-pre-update-'))).toHaveLength(1);
    expect(await getDb().containerUpdateLock.count({ where: { clusterKey: svc.clusterKeyOf(node), vmid: { in: [d, e] } } })).toBe(0);

    // Nothing pending any more (each update checked its container again): the run says so and starts nothing.
    const now = await svc.runUpdateScheduleNow(deps(), actor, byTag.id);
    expect(now).toEqual({ result: 'Nothing to update: no pending security updates on 1 running container.' });
    sim.packages.withdraw('debian', 'cron');
  });

  it('skip a window missed by more than an hour (no worker ran), and run the next one', async () => {
    const s = await svc.saveUpdateSchedule(deps(), actor, undefined, { name: 'missed', tag: 'nothing-has-this', ...berlinSunday3, options: { what: 'os', safety: 'none' } });
    const missed = new Date(Date.now() - 3 * 3600_000);
    await getDb().updateSchedule.update({ where: { id: s.id }, data: { nextRunAt: missed } });
    await svc.runDueUpdateSchedules(deps());
    const row = await getDb().updateSchedule.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.lastResult).toBe(`Skipped: the window of ${missed.toISOString()} was missed (no worker ran).`);
    expect(row.nextRunAt.getTime()).toBeGreaterThan(Date.now());
    expect(row.lastOperationId).toBeNull();
  });
});
