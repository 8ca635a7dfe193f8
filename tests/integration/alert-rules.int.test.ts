// The newer alert rules against the simulator: its swap, storage fill, offline node, backups and
// package repository drive real polls (the poller's own PVE requests) and the real engine, with
// the database and Redis. Time is the one thing moved by hand: each poll is evaluated at a clock
// the test advances (minutes, days), instead of waiting for it. The test holds its clusters' poll
// lock, so the stack's worker does not poll them at the real time; that worker does deliver the
// notifications (jobs held by quiet hours stay delayed until the test promotes them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@kiln/core';
import { getDb, type Node } from '@kiln/db';
import { closeQueues, getQueue } from '@kiln/queue';
import { getRedis } from '@kiln/redis';
import {
  checkContainers,
  clusterKeyOf,
  evaluateAlerts,
  pollCluster,
  pollLockKey,
  readCatalogs,
  readSnapshots,
  refreshCatalog,
  saveChannel,
  saveRule,
  type ClusterSnapshot,
  type RuleInput,
} from '@kiln/services';
import { startHttpReceiver } from '../helpers/receivers';
import { registerSimNode } from '../helpers/provisioning';
import { makeUser } from '../helpers/users';
import { closeSim, createCt, rootSsh, startSim } from './containers-fixture';
import { PveClient } from '@kiln/pve';
import type { Simulator } from '../helpers/sim';
import { KILN_BACKUP_PRIVILEGES, KILN_ROLE } from '@kiln/pve-sim';

const MIN = 60_000;
const DAY = 86_400_000;
const log = createLogger('test', 'warn');
let sim: Simulator;
let pve: PveClient;
let http: Awaited<ReturnType<typeof startHttpReceiver>>;

beforeAll(async () => {
  [{ sim, pve }, http] = await Promise.all([
    startSim({
      nodes: ['pve1', 'pve2'],
      seed: 2,
      // Kiln's token may back up: its own backup tasks are in the task lists too.
      kilnPrivileges: { '/': [...KILN_ROLE, ...KILN_BACKUP_PRIVILEGES] },
      tokens: [{ id: 'jobs@pve!admin', privileges: { '/': ['Sys.Audit', 'Sys.Modify', 'Datastore.Audit', 'Datastore.AllocateSpace', 'VM.Audit', 'VM.Backup'] } }],
    }),
    startHttpReceiver(),
  ]);
});

afterAll(async () => {
  await http?.close();
  await closeQueues();
  await closeSim({ sim, pve });
});

/** A user who registered the simulator, and a poll of their cluster evaluated at a given time. */
async function tenant() {
  const user = await makeUser();
  const db = getDb();
  // The whole row (with its sealed secrets): the catalog refresh and the update check connect with it.
  const node: Node = await db.node.findUniqueOrThrow({ where: { id: (await registerSimNode(user, sim)).id } });
  const key = clusterKeyOf(node);
  // This test polls the cluster itself (at its own clock): the worker finds it locked.
  await getRedis().set(pollLockKey(key), 'alert-rules-test', 'PX', 15 * 60_000);
  return {
    user,
    node,
    key,
    rule: (r: RuleInput) => saveRule(db, user.id, r),
    channel: async (name: string, extra: Record<string, unknown> = {}) => (await saveChannel(db, user.id, { name, kind: 'webhook', secrets: { url: http.url(`/${user.id}/${name}`) }, ...extra })).id,
    received: (name: string) => http.on(`/${user.id}/${name}`).map((r) => JSON.parse(r.body) as { event: string; title: string }),
    /** One real poll of the cluster, its rules evaluated at `now`. */
    async poll(now: number): Promise<ClusterSnapshot> {
      const snap = await pollCluster(
        { db, redis: getRedis(), log, workerId: 'test', clock: () => now, afterPoll: (s, prev, nodes) => evaluateAlerts({ db, redis: getRedis(), log }, s, prev, nodes, now) },
        key,
      );
      if (!snap || snap.error) throw new Error(`poll failed: ${snap?.error}`);
      return snap;
    },
    alerts: (kind: string) => db.alert.findMany({ where: { userId: user.id, kind: kind as never }, orderBy: { firedAt: 'asc' } }),
  };
}

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until the worker has run every delivery that is due (held ones too once their jobs were promoted). */
async function deliverDue(held = false): Promise<void> {
  await until('the due deliveries', async () => (await getDb().delivery.count({ where: { state: 'pending', ...(held ? {} : { heldUntil: null }) } })) === 0);
}

async function runningOn(node: string, except: number[] = []): Promise<number> {
  const g = (await pve.clusterResources('vm')).find((r) => r.type === 'lxc' && r.node === node && r.status === 'running' && !except.includes(r.vmid));
  if (!g) throw new Error(`no running container on ${node}`);
  return g.vmid;
}

const snapSwap = (snap: ClusterSnapshot, vmid: number) => snap.guests.find((g) => g.vmid === vmid)?.swap;

describe('swap', () => {
  it('fires once after its duration above the trigger, routed to the rule’s channel only, and clears below the clear threshold', async () => {
    const t = await tenant();
    const routed = await t.channel('routed');
    await t.channel('other');
    await t.rule({ kind: 'swap', trigger: 80, clear: 50, forSeconds: 60, cooldownSeconds: 0, severity: 'critical', channelIds: [routed] });
    const vmid = await runningOn('pve1');
    sim.setContainerSwap(vmid, 0.9);
    const t0 = Date.now();
    const snap = await t.poll(t0);
    const g = snap.guests.find((x) => x.vmid === vmid)!;
    // PVE's numbers, read by the poller from /nodes/pve1/lxc (seeded containers have 512 MiB of swap).
    expect([g.swap, g.maxswap]).toEqual([Math.round(0.9 * 512 * 1024 * 1024), 512 * 1024 * 1024]);
    await t.poll(t0 + 30_000);
    expect(await t.alerts('swap')).toEqual([]);
    await t.poll(t0 + 60_000);
    await t.poll(t0 + 65_000);
    const [alert, ...more] = await t.alerts('swap');
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ state: 'firing', vmid, severity: 'critical', channelIds: [routed], title: expect.stringContaining(`(CT ${vmid}) above 80%`) });
    const deliveries = await getDb().delivery.findMany({ where: { alertId: alert!.id } });
    expect(deliveries.map((d) => [d.channelId, d.event])).toEqual([[routed, 'firing']]);
    await deliverDue();
    expect(t.received('routed').map((m) => m.title)).toEqual([alert!.title]);
    expect(t.received('other')).toEqual([]);

    // Swap is read once a minute (the polls between carry the last figures): each change is seen a minute on.
    sim.setContainerSwap(vmid, 0.6); // below the trigger, above the clear threshold: still firing
    await t.poll(t0 + 100_000);
    expect(snapSwap(await t.poll(t0 + 125_000), vmid)).toBe(Math.round(0.6 * 512 * 1024 * 1024));
    expect((await t.alerts('swap'))[0]!.state).toBe('firing');
    sim.setContainerSwap(vmid, 0.1);
    await t.poll(t0 + 150_000);
    expect((await t.alerts('swap'))[0]!.state).toBe('firing');
    await t.poll(t0 + 190_000);
    expect((await t.alerts('swap')).map((a) => a.state)).toEqual(['resolved']);
    await deliverDue();
    expect(t.received('routed').map((m) => m.event)).toEqual(['firing', 'resolved']);
    expect(t.received('other')).toEqual([]);
  });
});

describe('not running', () => {
  it('fires for a container (its own rule) not running for N minutes, apart from the instant "stopped" alert, and resolves when it runs', async () => {
    const t = await tenant();
    const vmid = await runningOn('pve1');
    await t.rule({ kind: 'not_running', scope: 'container', scopeRef: `${t.node.id}:${vmid}`, enabled: true, forSeconds: 300, cooldownSeconds: 0 });
    const other = await runningOn('pve1', [vmid]);
    const t0 = Date.now();
    await t.poll(t0);
    await pve.waitForTask(await pve.lxcStop('pve1', vmid), { timeout: 30_000 });
    await pve.waitForTask(await pve.lxcStop('pve1', other), { timeout: 30_000 });
    sim.broadcastStatus();
    await t.poll(t0 + 5_000);
    expect((await t.alerts('container_stopped')).map((a) => a.vmid).sort()).toEqual([vmid, other].sort());
    await t.poll(t0 + 5_000 + 299_000);
    expect(await t.alerts('not_running')).toEqual([]);
    await t.poll(t0 + 5_000 + 300_000);
    await t.poll(t0 + 5_000 + 360_000);
    const alerts = await t.alerts('not_running');
    // Only the container whose rule turned it on (it is off by default).
    expect(alerts.map((a) => [a.vmid, a.state, a.severity])).toEqual([[vmid, 'firing', 'critical']]);
    expect(alerts[0]!.detail).toBe(`CT ${vmid} on pve1 has not been running for 5 minutes.`);
    await pve.waitForTask(await pve.lxcStart('pve1', vmid), { timeout: 30_000 });
    await pve.waitForTask(await pve.lxcStart('pve1', other), { timeout: 30_000 });
    sim.broadcastStatus();
    await t.poll(t0 + 400_000);
    expect((await t.alerts('not_running')).map((a) => a.state)).toEqual(['resolved']);
  });
});

describe('storage full', () => {
  it('fires from its trend ("full in ~N days") before the trigger, resolves when it stops filling, and fires at the trigger with hysteresis', async () => {
    const t = await tenant();
    await t.rule({ kind: 'storage_full', trigger: 90, clear: 80, days: 5, cooldownSeconds: 0 });
    const t0 = Date.now();
    const first = await t.poll(t0);
    const local = () => first.storages!.find((s) => s.node === 'pve1' && s.storage === 'local')!;
    const { disk, maxdisk } = local();
    // Fill at a rate that fills it in ~3 days: one sample every 10 minutes.
    const step = Math.round((maxdisk! - disk!) / (3 * 144));
    for (let i = 1; i <= 3; i++) {
      sim.fillStorage('pve1', 'local', step);
      await t.poll(t0 + i * 10 * MIN);
      if (i < 3) expect(await t.alerts('storage_full')).toEqual([]); // too little history for a trend
    }
    const [alert] = await t.alerts('storage_full');
    expect(alert).toMatchObject({ state: 'firing', pveNode: 'pve1', title: 'Storage local on pve1 full in ~3 days' });
    expect(alert!.detail).toMatch(/^Storage local on pve1 at \d+% \(trigger 90%, clears below 80%\); full in ~3 days at its recent rate\.$/);

    // Space freed: no longer filling, well below the thresholds.
    sim.fillStorage('pve1', 'local', -10 * step);
    await t.poll(t0 + 40 * MIN);
    expect((await t.alerts('storage_full')).map((a) => a.state)).toEqual(['resolved']);

    // A jump to 95% fires at once; 85% keeps it open (clears below 80%); 70% resolves it.
    const used = (await readSnapshots(getRedis(), [t.key]))[0]!.storages!.find((s) => s.node === 'pve1' && s.storage === 'local')!.disk!;
    const fillTo = async (pct: number, at: number, current: number) => {
      sim.fillStorage('pve1', 'local', Math.round(maxdisk! * pct) - current);
      const snap = await t.poll(at);
      return snap.storages!.find((s) => s.node === 'pve1' && s.storage === 'local')!.disk!;
    };
    let now = await fillTo(0.95, t0 + 41 * MIN, used);
    const states = async () => (await t.alerts('storage_full')).map((a) => a.state);
    expect(await states()).toEqual(['resolved', 'firing']);
    expect((await t.alerts('storage_full'))[1]!.title).toBe('Storage local on pve1 95% full');
    now = await fillTo(0.85, t0 + 42 * MIN, now);
    expect(await states()).toEqual(['resolved', 'firing']);
    now = await fillTo(0.7, t0 + 43 * MIN, now);
    expect(await states()).toEqual(['resolved', 'resolved']);
    sim.fillStorage('pve1', 'local', -now);
  });
});

describe('backup age', () => {
  it('fires for containers in a backup job whose last backup (or first sight, with none) is older than N days', async () => {
    const t = await tenant();
    await t.rule({ kind: 'backup_age', days: 7, cooldownSeconds: 0 });
    const backedUp = await createCt(pve, 'bk-a');
    const never = await createCt(pve, 'bk-b');
    const outside = await createCt(pve, 'bk-c');
    const admin = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens.find((x) => x.id === 'jobs@pve!admin')!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
    await admin.createBackupJob({ schedule: 'sun 03:00', storage: 'local', vmids: [backedUp, never], enabled: true });
    await admin.waitForTask(await admin.vzdump('pve1', { vmids: [backedUp], storage: 'local', mode: 'stop', compress: 'zstd' }), { timeout: 30_000 });
    await admin.close();
    sim.broadcastStatus();
    const t0 = Date.now();
    // Nobody opened the Backups page: the engine asks the worker for the cluster's backup catalog.
    await t.poll(t0);
    await until('the backup catalog', async () => (await readCatalogs(getRedis(), [t.key]))[0]?.archives.some((x) => x.vmid === backedUp));
    await t.poll(t0 + MIN);
    await t.poll(t0 + 6 * DAY);
    expect(await t.alerts('backup_age')).toEqual([]);
    await t.poll(t0 + 7 * DAY + MIN);
    const alerts = await t.alerts('backup_age');
    expect(alerts.map((a) => a.vmid).sort()).toEqual([backedUp, never].sort());
    expect(alerts.find((a) => a.vmid === never)!.detail).toBe(`CT ${never} is in a backup job but has no backup yet.`);
    expect(alerts.find((a) => a.vmid === backedUp)!.detail).toMatch(new RegExp(`^The last backup of CT ${backedUp} is from \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\.$`));
    expect(alerts.some((a) => a.vmid === outside)).toBe(false);
    // Allowing 30 days: both are fine again (the one never backed up keeps counting from first sight).
    await t.rule({ kind: 'backup_age', days: 30, cooldownSeconds: 0 });
    await t.poll(t0 + 7 * DAY + 2 * MIN);
    expect((await t.alerts('backup_age')).map((a) => [a.vmid, a.state]).sort()).toEqual(
      [
        [backedUp, 'resolved'],
        [never, 'resolved'],
      ].sort(),
    );
  });
});

describe('backup failed', () => {
  it('fires for a guest a PVE backup task (not Kiln’s) failed on, naming why, and resolves after its next good backup', async () => {
    const t = await tenant();
    const locked = await createCt(pve, 'bf-a');
    const fine = await createCt(pve, 'bf-b');
    const admin = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens.find((x) => x.id === 'jobs@pve!admin')!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
    try {
      // A snapshot holds `lock: snapshot` while its task runs: the backup of both refuses that guest only.
      const snapshot = await pve.snapshotCreate('lxc', 'pve1', locked, 'before');
      const job = await admin.vzdump('pve1', { vmids: [locked, fine], storage: 'local', mode: 'snapshot', compress: 'zstd' });
      await expect(admin.waitForTask(job, { timeout: 30_000 })).rejects.toThrow(/job errors/);
      await pve.waitForTask(snapshot, { timeout: 30_000 });
      const t0 = Date.now();
      await t.poll(t0);
      await until('the backup catalog with the failure', async () => (await readCatalogs(getRedis(), [t.key]))[0]?.failures?.some((f) => f.vmid === locked));
      // A finished task's log does not change: the next refresh does not read it again.
      sim.requestLog.reset();
      await refreshCatalog(getRedis(), t.node);
      expect(sim.requestLog.count({ path: /\/tasks\/[^/]+\/log$/ })).toBe(0);
      expect(sim.requestLog.count({ path: /\/nodes\/pve1\/tasks$/ })).toBeGreaterThan(0);
      await t.poll(t0 + MIN);
      const [alert, ...more] = await t.alerts('backup_failed');
      expect(more.filter((a) => a.vmid === locked || a.vmid === fine)).toEqual([]);
      expect(alert).toMatchObject({ vmid: locked, state: 'firing', title: `Backup of bf-a (CT ${locked}) failed` });
      expect(alert!.detail).toMatch(/^The backup task started by jobs@pve!admin on pve1 at \d{4}-\d\d-\d\d \d\d:\d\d UTC failed: CT is locked \(snapshot\)$/);
      // The next backup of that guest succeeds: the alert resolves once the catalog has it.
      await admin.waitForTask(await admin.vzdump('pve1', { vmids: [locked], storage: 'local', mode: 'snapshot', compress: 'zstd' }), { timeout: 30_000 });
      await refreshCatalog(getRedis(), t.node);
      await t.poll(t0 + 2 * MIN);
      expect((await t.alerts('backup_failed')).find((a) => a.vmid === locked)!.state).toBe('resolved');
    } finally {
      await admin.close();
    }
  });

  it('leaves out backups Kiln started (their failed operations alert instead)', async () => {
    const t = await tenant();
    const vmid = await createCt(pve, 'bf-c');
    const snapshot = await pve.snapshotCreate('lxc', 'pve1', vmid, 'held');
    // `pve` holds the token Kiln registered the node with.
    const job = await pve.vzdump('pve1', { vmids: [vmid], storage: 'local', mode: 'snapshot', compress: 'zstd' });
    await expect(pve.waitForTask(job, { timeout: 30_000 })).rejects.toThrow(/job errors/);
    await pve.waitForTask(snapshot, { timeout: 30_000 });
    const t0 = Date.now();
    await t.poll(t0);
    await until('the backup catalog', async () => (await readCatalogs(getRedis(), [t.key]))[0]?.failures);
    await t.poll(t0 + MIN);
    expect((await readCatalogs(getRedis(), [t.key]))[0]!.failures!.some((f) => f.vmid === vmid)).toBe(false);
    expect((await t.alerts('backup_failed')).filter((a) => a.vmid === vmid)).toEqual([]);
  });
});

describe('updates pending', () => {
  it('fires when security updates have been pending for N days, and resolves once they are installed', async () => {
    const t = await tenant();
    await t.rule({ kind: 'updates_pending', days: 3, cooldownSeconds: 0 });
    const vmid = await createCt(pve, 'upd-sec', { start: true });
    const ssh = rootSsh(sim);
    expect((await ssh.pctExec(vmid, ['apt-get', 'install', '-y', '-q', 'nginx'])).exitCode).toBe(0);
    sim.packages.publish('debian', { name: 'nginx', version: '1.22.1-9+deb12u9', security: true });
    const t0 = Date.now();
    const target = { clusterKey: t.key, vmid, pveNode: 'pve1', sshNode: t.node };
    const first = await checkContainers({ db: getDb(), redis: getRedis() }, [target], { now: () => new Date(t0) });
    expect([first, (await getDb().containerUpdateStatus.findFirst({ where: { clusterKey: t.key, vmid } }))?.error]).toMatchObject([{ checked: 1, failed: 0, security: 1 }, null]);
    // A later check with the update still pending keeps the first time it was seen.
    await checkContainers({ db: getDb(), redis: getRedis() }, [target], { now: () => new Date(t0 + DAY) });
    expect((await getDb().containerUpdateStatus.findFirstOrThrow({ where: { clusterKey: t.key, vmid } })).securitySince).toEqual(new Date(t0));
    await t.poll(t0 + DAY);
    await t.poll(t0 + 2 * DAY);
    expect(await t.alerts('updates_pending')).toEqual([]);
    await t.poll(t0 + 3 * DAY + MIN);
    const [alert, ...more] = await t.alerts('updates_pending');
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ vmid, state: 'firing', severity: 'info', title: `Security updates pending on upd-sec (CT ${vmid}) for 3 days` });
    expect((await ssh.pctExec(vmid, ['apt-get', '-y', '-q', 'upgrade'])).exitCode).toBe(0);
    await checkContainers({ db: getDb(), redis: getRedis() }, [target], { now: () => new Date(t0 + 3 * DAY + 2 * MIN) });
    await t.poll(t0 + 3 * DAY + 3 * MIN);
    expect((await t.alerts('updates_pending')).map((a) => a.state)).toEqual(['resolved']);
  });
});

describe('operation failed', () => {
  it('covers a failed container update (scheduled updates run one per container)', async () => {
    const t = await tenant();
    const t0 = Date.now();
    await t.poll(t0);
    await getDb().operation.create({
      data: {
        userId: t.user.id,
        kind: 'container.update',
        state: 'failed',
        nodeId: t.node.id,
        vmid: 4242,
        targetName: 'web',
        message: 'apt-get upgrade failed (exit 100)',
        finishedAt: new Date(t0 + 1000),
      },
    });
    await t.poll(t0 + 5_000);
    await t.poll(t0 + 10_000);
    const alerts = await t.alerts('operation_failed');
    expect(alerts.map((a) => [a.title, a.detail])).toEqual([['Update of web failed', 'apt-get upgrade failed (exit 100)']]);
  });
});

describe('quiet hours and channel severity', () => {
  it('hold warnings until the quiet hours end (critical goes out at once), and drop held news of an alert that resolved meanwhile', async () => {
    const t = await tenant();
    const t0 = Date.now();
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const quiet = await t.channel('quiet', { quietStart: hhmm(t0 - 60 * MIN), quietEnd: hhmm(t0 + 120 * MIN), quietTimeZone: 'UTC' });
    const loud = await t.channel('loud');
    await t.channel('pager', { minSeverity: 'critical' });
    await t.rule({ kind: 'node_offline', severity: 'warning', forSeconds: 0, cooldownSeconds: 0 });
    await t.rule({ kind: 'operation_failed', severity: 'critical' });
    const endOfQuiet = t0 - (t0 % MIN) + 120 * MIN;

    await t.poll(t0);
    sim.setNodeOnline('pve2', false);
    await t.poll(t0 + 1_000);
    const [outage] = await t.alerts('node_offline');
    expect(outage).toMatchObject({ state: 'firing', pveNode: 'pve2', severity: 'warning' });
    const held = await getDb().delivery.findMany({ where: { alertId: outage!.id } });
    expect(held.map((d) => [d.channelId, d.heldUntil?.getTime() ?? null]).sort()).toEqual(
      [
        [quiet, endOfQuiet],
        [loud, null],
      ].sort(),
    );
    const heldJob = (await getQueue('notifications').getJob(`delivery-${held.find((d) => d.channelId === quiet)!.id}`))!;
    expect(await heldJob.getState()).toBe('delayed');
    expect(heldJob.opts.delay).toBe(endOfQuiet - (t0 + 1_000));

    await getDb().operation.create({ data: { userId: t.user.id, kind: 'backup.create', state: 'failed', nodeId: t.node.id, vmid: 4343, message: 'vzdump failed', finishedAt: new Date(t0 + 1_500) } });
    await t.poll(t0 + 2_000);
    await deliverDue();
    expect(
      t
        .received('loud')
        .map((m) => m.title)
        .sort(),
    ).toEqual([outage!.title, 'Backup of CT 4343 failed'].sort());
    expect(t.received('quiet').map((m) => m.title)).toEqual(['Backup of CT 4343 failed']); // critical: through the quiet hours
    expect(t.received('pager').map((m) => m.title)).toEqual(['Backup of CT 4343 failed']); // warnings are below its minimum

    // The quiet hours end with the outage still on: the held notification goes out.
    await heldJob.promote();
    await deliverDue(true);
    expect(t.received('quiet').map((m) => m.title)).toEqual(['Backup of CT 4343 failed', outage!.title]);

    // A second outage that begins and ends within the quiet hours: nothing to tell at their end.
    sim.setNodeOnline('pve2', true);
    await t.poll(t0 + 3_000);
    sim.setNodeOnline('pve2', false);
    await t.poll(t0 + 4_000);
    sim.setNodeOnline('pve2', true);
    await t.poll(t0 + 5_000);
    const second = (await t.alerts('node_offline'))[1]!;
    expect(second.state).toBe('resolved');
    for (const job of await getQueue('notifications').getJobs(['delayed'])) await job.promote();
    await deliverDue(true);
    const quietOfSecond = await getDb().delivery.findMany({ where: { alertId: second.id, channelId: quiet }, orderBy: { event: 'asc' } });
    expect(quietOfSecond.map((d) => [d.event, d.state])).toEqual([
      ['firing', 'dropped'],
      ['resolved', 'dropped'],
    ]);
    expect(t.received('quiet')).toHaveLength(3); // + the first outage's resolution (its firing went out)
    expect(t.received('quiet').map((m) => m.event)).toEqual(['firing', 'firing', 'resolved']);
    expect(
      t
        .received('loud')
        .map((m) => m.event)
        .sort(),
    ).toEqual(['firing', 'firing', 'firing', 'resolved', 'resolved']);
  });
});
