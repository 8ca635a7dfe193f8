import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@kiln/core';
import { closeDb, getDb } from '@kiln/db';
import { selfSignedCertificate } from '@kiln/pve-sim/testing';
import { closeQueues } from '@kiln/queue';
import { closeRedis, getRedis } from '@kiln/redis';
import {
  addDefaultChecks,
  checkConditionKey,
  clusterKeyOf,
  closePveClients,
  createCheck,
  deleteCheck,
  evaluateAlerts,
  listChecks,
  pollCluster,
  readSnapshots,
  runDueChecks,
  saveChannel,
  setCheckEnabled,
  updateCheck,
  type CreateServiceCheckInput,
} from '@kiln/services';
import { closedPort, startRecordingListener, type RecordingListener } from '../helpers/listener';
import { registerSimNode, templateId } from '../helpers/provisioning';
import { startHttpReceiver } from '../helpers/receivers';
import { startServiceTarget, type ServiceTarget } from '../helpers/service-target';
import { startTestSim, type Simulator } from '../helpers/sim';
import { makeUser } from '../helpers/users';

// Real parts: local HTTP, HTTPS (a certificate that expires in 5 days) and TCP servers, the
// simulator's cluster poll, PostgreSQL, Redis and the alert deliveries' queue. The runner runs in
// this process, limited to this file's containers (the stack's worker runs the same code every 10 s).
const log = createLogger('test', 'error');
const db = () => getDb();
let sim: Simulator;
let web: ServiceTarget;
let tlsWeb: ServiceTarget;
let tcp: RecordingListener;
let receiver: Awaited<ReturnType<typeof startHttpReceiver>>;
let a: Awaited<ReturnType<typeof makeUser>>;
let b: Awaited<ReturnType<typeof makeUser>>;
let node: Awaited<ReturnType<typeof registerSimNode>>;
let running: number;
let stopped: number;
const containers: string[] = [];

async function kilnRow(vmid: number, slug: string | null, params: Record<string, string | number> = {}) {
  const tpl = slug ? await db().template.findUniqueOrThrow({ where: { id: await templateId(slug) } }) : null;
  const spec = {
    template: tpl ? { id: tpl.id, slug: tpl.slug, version: tpl.version } : null,
    pveNode: 'pve1',
    hostname: `ct-${vmid}`,
    vmid,
    storage: 'local-lvm',
    cores: 1,
    memory: 512,
    swap: 512,
    disk: 4,
    unprivileged: true,
    features: { nesting: false, keyctl: false, fuse: false },
    network: null,
    dns: { nameservers: [] },
    tags: [],
    params,
    secretParams: [],
  };
  const row = await db().container.create({
    data: {
      userId: a.id,
      nodeId: node.id,
      vmid,
      hostname: `ct-${vmid}`,
      pveNode: 'pve1',
      lifecycle: 'ready',
      spec,
      templateId: tpl?.id ?? null,
      templateSlug: tpl?.slug ?? null,
      templateVersion: tpl?.version ?? null,
      readyAt: new Date(),
    },
  });
  containers.push(row.id);
  return row;
}

/** One pass of the runner over these checks now (their next run moved to the past first). */
async function runNow(...ids: string[]) {
  await db().serviceCheck.updateMany({ where: { id: { in: ids } }, data: { nextRunAt: new Date(Date.now() - 1000) } });
  return runDueChecks({ db: db(), redis: getRedis(), log, allowInternal: true, containerIds: containers });
}

const check = (id: string) => db().serviceCheck.findUniqueOrThrow({ where: { id } });
const base = (over: Partial<CreateServiceCheckInput>): CreateServiceCheckInput => ({ nodeId: node.id, vmid: running, name: 'web', kind: 'http', port: web.port, host: '127.0.0.1', ...over });

beforeAll(async () => {
  const cert = selfSignedCertificate('checks.test', 5);
  [sim, web, tlsWeb, tcp, receiver] = await Promise.all([
    startTestSim({ nodes: ['pve1'], seed: 21 }),
    startServiceTarget(),
    startServiceTarget({ tls: cert }),
    startRecordingListener(),
    startHttpReceiver(),
  ]);
  [a, b] = await Promise.all([makeUser(), makeUser()]);
  node = await registerSimNode(a, sim);
  await saveChannel(db(), a.id, { name: 'hook', kind: 'webhook', secrets: { url: receiver.url('/a') } });
  const snap = await pollCluster({ db: db(), redis: getRedis(), log, workerId: 'test' }, clusterKeyOf(node));
  const lxc = snap!.guests.filter((g) => g.type === 'lxc' && !g.template);
  running = lxc.find((g) => g.status === 'running')!.vmid;
  stopped = lxc.find((g) => g.status === 'stopped')?.vmid ?? -1;
});

afterAll(async () => {
  await Promise.all([sim?.close(), web?.close(), tlsWeb?.close(), tcp?.close(), receiver?.close()]);
  await closePveClients();
  await closeQueues();
  await closeDb();
  await closeRedis();
});

describe('checks made from the template', () => {
  it('adds the template’s check once when Kiln takes a container on (nodejs-app: HTTP on its port param)', async () => {
    const row = await kilnRow(running, 'nodejs-app', { port: 3000 });
    expect(await addDefaultChecks(db(), row.id)).toBe(1);
    expect(await addDefaultChecks(db(), row.id)).toBe(0); // a resumed creation adds nothing twice
    const checks = await listChecks(db(), a.id, { nodeId: node.id, vmid: running });
    expect(checks).toEqual([expect.objectContaining({ kind: 'http', port: 3000, path: '/', source: 'template', enabled: true, lastStatus: 'unknown' })]);
  });
});

describe('running checks', () => {
  it('a passing HTTP check with a keyword records its response time in the history', async () => {
    web.state.status = 200;
    const { id } = await createCheck(db(), a.id, base({ name: 'keyword', keyword: 'kiln-app' }));
    const hits = web.state.hits;
    const r = await runNow(id);
    expect(r.ran).toBeGreaterThanOrEqual(1);
    expect(web.state.hits).toBeGreaterThan(hits);
    const c = await check(id);
    expect(c).toMatchObject({ lastStatus: 'up', lastError: null, consecutiveFailures: 0 });
    expect(c.lastLatencyMs).toBeGreaterThanOrEqual(0);
    const history = await db().serviceCheckResult.findMany({ where: { checkId: id } });
    expect(history.length).toBeGreaterThanOrEqual(1);
    expect(history.every((h) => h.status === 'up' && h.latencyMs !== null)).toBe(true);
    const view = (await listChecks(db(), a.id, { nodeId: node.id, vmid: running }))!.find((v) => v.id === id)!;
    expect(view.history.at(-1)).toMatchObject({ status: 'up' });

    // The keyword gone from the page: down, and says why.
    web.state.body = 'maintenance';
    await runNow(id);
    expect(await check(id)).toMatchObject({ lastStatus: 'down', lastError: 'The page does not contain “kiln-app”', consecutiveFailures: 1 });
    web.state.body = 'hello from kiln-app';
  });

  it('HTTPS: a self-signed certificate is accepted, its expiry is read, and one inside the warning window fails the check', async () => {
    const { id } = await createCheck(db(), a.id, base({ name: 'tls', kind: 'https', port: tlsWeb.port, keyword: 'kiln-app', tlsWarnDays: 14 }));
    await runNow(id);
    const warned = await check(id);
    expect(warned.lastStatus).toBe('down');
    expect(warned.lastError).toMatch(/^The TLS certificate expires in [45] days$/);
    expect(warned.tlsExpiresAt!.getTime() - Date.now()).toBeGreaterThan(4 * 86_400_000);
    expect(warned.tlsExpiresAt!.getTime() - Date.now()).toBeLessThan(5 * 86_400_000 + 60_000);
    await updateCheck(db(), a.id, { id, name: 'tls', kind: 'https', host: '127.0.0.1', port: tlsWeb.port, keyword: 'kiln-app', tlsWarnDays: 3 });
    await runNow(id);
    expect(await check(id)).toMatchObject({ lastStatus: 'up', lastError: null });
  });

  it('TCP connects; ping-like reachability counts a refused port as up, and a TCP check on it as down', async () => {
    const closed = await closedPort();
    const tcpUp = await createCheck(db(), a.id, base({ name: 'tcp', kind: 'tcp', port: tcp.port }));
    const tcpDown = await createCheck(db(), a.id, base({ name: 'tcp closed', kind: 'tcp', port: closed }));
    const ping = await createCheck(db(), a.id, base({ name: 'ping', kind: 'ping', port: closed }));
    await runNow(tcpUp.id, tcpDown.id, ping.id);
    expect(tcp.connections()).toBeGreaterThanOrEqual(1);
    expect(await check(tcpUp.id)).toMatchObject({ lastStatus: 'up' });
    expect(await check(tcpDown.id)).toMatchObject({ lastStatus: 'down', lastError: 'Connection refused' });
    expect(await check(ping.id)).toMatchObject({ lastStatus: 'up' });
  });

  it('a stopped container is not probed: the check says so and counts no failure', async () => {
    if (stopped < 0) return expect.fail('the simulator seed has no stopped container');
    await kilnRow(stopped, null);
    const hits = web.state.hits;
    const { id } = await createCheck(db(), a.id, base({ vmid: stopped, name: 'stopped' }));
    const [snap] = await readSnapshots(getRedis(), [clusterKeyOf(node)]);
    expect(snap?.guests.find((g) => g.vmid === stopped)?.status).toBe('stopped');
    await runNow(id);
    expect(await check(id)).toMatchObject({ lastStatus: 'skipped', lastError: 'Not checked: the container is stopped', consecutiveFailures: 0 });
    expect(web.state.hits).toBe(hits);
  });

  it('runs on its own cadence: the next run is the due time plus the interval, not the tick’s clock plus the interval', async () => {
    const { id } = await createCheck(db(), a.id, base({ name: 'cadence', intervalSeconds: 60 }));
    const dueAt = Date.now() - 7_000; // a tick that came 7 s after the check was due
    await db().serviceCheck.update({ where: { id }, data: { nextRunAt: new Date(dueAt) } });
    await runDueChecks({ db: db(), redis: getRedis(), log, allowInternal: true, containerIds: containers });
    expect((await check(id)).lastStatus).toBe('up');
    expect((await check(id)).nextRunAt.getTime()).toBe(dueAt + 60_000);
    await deleteCheck(db(), a.id, { id });
  });

  it('without loopback allowed, a check at the Kiln host is refused before any connection', async () => {
    const { id } = await createCheck(db(), a.id, base({ name: 'loopback' }));
    const hits = web.state.hits;
    await db().serviceCheck.update({ where: { id }, data: { nextRunAt: new Date(Date.now() - 1000) } });
    await runDueChecks({ db: db(), redis: getRedis(), log, allowInternal: false, containerIds: containers });
    expect((await check(id)).lastError).toMatch(/does not connect to loopback/);
    expect(web.state.hits).toBe(hits);
    await deleteCheck(db(), a.id, { id });
  });
});

describe('the service_down alert', () => {
  it('fires once after the check’s consecutive failures, is delivered once, and resolves when the check passes again', async () => {
    web.state.status = 200;
    const { id } = await createCheck(db(), a.id, base({ name: 'alerting', failuresToAlert: 2 }));
    const key = checkConditionKey(clusterKeyOf(node), id);
    const alerts = () => db().alert.findMany({ where: { conditionKey: key } });
    await runNow(id);
    web.state.status = 503;
    await runNow(id);
    expect(await check(id)).toMatchObject({ lastStatus: 'down', lastError: 'HTTP 503', consecutiveFailures: 1 });
    expect(await alerts()).toHaveLength(0); // one failure is not enough
    await runNow(id);
    await runNow(id);
    await runNow(id);
    const fired = await alerts();
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ kind: 'service_down', state: 'firing', userId: a.id, vmid: running, title: `alerting on ct-${running} (CT ${running}) is down`, detail: 'HTTP 503' });
    const firing = await db().delivery.findMany({ where: { alertId: fired[0]!.id, event: 'firing' } });
    expect(firing).toHaveLength(1);
    // The poll's own evaluation leaves it alone (it is the runner's condition).
    await pollCluster(
      { db: db(), redis: getRedis(), log, workerId: 'test', afterPoll: (snap, prev, nodes) => evaluateAlerts({ db: db(), redis: getRedis(), log }, snap, prev, nodes) },
      clusterKeyOf(node),
    );
    expect((await alerts())[0]!.state).toBe('firing');

    web.state.status = 200;
    await runNow(id);
    const [resolved] = await alerts();
    expect(resolved).toMatchObject({ state: 'resolved', openKey: null });
    expect(await db().delivery.count({ where: { alertId: resolved!.id, event: 'firing' } })).toBe(1);
    expect(await check(id)).toMatchObject({ lastStatus: 'up', consecutiveFailures: 0, failingSince: null });
  });

  it('pausing a failing check resolves its alert; a disabled service_down rule fires nothing', async () => {
    web.state.status = 500;
    const { id } = await createCheck(db(), a.id, base({ name: 'paused', failuresToAlert: 1 }));
    const key = checkConditionKey(clusterKeyOf(node), id);
    await runNow(id);
    expect(await db().alert.count({ where: { openKey: key } })).toBe(1);
    await setCheckEnabled(db(), a.id, { id, enabled: false });
    expect(await db().alert.count({ where: { openKey: key } })).toBe(0);
    expect(await db().alert.count({ where: { conditionKey: key, state: 'resolved' } })).toBe(1);

    await db().alertRule.create({ data: { userId: a.id, kind: 'service_down', enabled: false } });
    const quiet = await createCheck(db(), a.id, base({ name: 'quiet', failuresToAlert: 1 }));
    await runNow(quiet.id);
    await runNow(quiet.id);
    expect(await check(quiet.id)).toMatchObject({ lastStatus: 'down', consecutiveFailures: 2 });
    expect(await db().alert.count({ where: { conditionKey: checkConditionKey(clusterKeyOf(node), quiet.id) } })).toBe(0);
    await db().alertRule.deleteMany({ where: { userId: a.id, kind: 'service_down' } });
    web.state.status = 200;
  });
});

describe('a deleted container', () => {
  it('loses its checks on the next pass, and their open alert resolves', async () => {
    web.state.status = 500;
    const row = await kilnRow(stopped + 1000, null);
    await db().serviceCheck.create({ data: { containerId: row.id, name: 'doomed', kind: 'http', host: '127.0.0.1', port: web.port, failuresToAlert: 1 } });
    const doomed = await db().serviceCheck.findFirstOrThrow({ where: { containerId: row.id } });
    await runNow(doomed.id);
    const key = checkConditionKey(clusterKeyOf(node), doomed.id);
    expect(await db().alert.count({ where: { openKey: key } })).toBe(1);
    await db().container.update({ where: { id: row.id }, data: { lifecycle: 'deleted', deletedAt: new Date() } });
    await runDueChecks({ db: db(), redis: getRedis(), log, allowInternal: true, containerIds: containers });
    expect(await db().serviceCheck.count({ where: { containerId: row.id } })).toBe(0);
    expect(await db().alert.findFirstOrThrow({ where: { conditionKey: key } })).toMatchObject({ state: 'resolved', openKey: null });
    web.state.status = 200;
  });
});

describe('ownership', () => {
  it('user B neither sees nor changes A’s checks', async () => {
    const { id } = await createCheck(db(), a.id, base({ name: 'private' }));
    expect(await listChecks(db(), b.id, { nodeId: node.id, vmid: running })).toBeNull();
    await expect(createCheck(db(), b.id, base({ name: 'intruder' }))).rejects.toThrow(/not found/i);
    await expect(updateCheck(db(), b.id, { id, name: 'hijacked', kind: 'tcp', port: 1 })).rejects.toThrow(/not found/i);
    await expect(setCheckEnabled(db(), b.id, { id, enabled: false })).rejects.toThrow(/not found/i);
    await expect(deleteCheck(db(), b.id, { id })).rejects.toThrow(/not found/i);
    expect(await check(id)).toMatchObject({ name: 'private', enabled: true });
  });
});
