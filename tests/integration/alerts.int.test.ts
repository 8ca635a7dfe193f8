import { createHmac } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeQueues, getQueue } from '@kiln/queue';
import { closeRedis, getRedis } from '@kiln/redis';
import {
  acknowledgeAlert,
  addMaintenanceWindow,
  clusterKeyOf,
  closePveClients,
  deleteMaintenanceWindow,
  firingAlertCount,
  listAlerts,
  listChannels,
  readSnapshots,
  saveChannel,
  saveRule,
  type GuestRow,
} from '@kiln/services';
import { registerSimNode } from '../helpers/provisioning';
import { startHttpReceiver, startSmtpReceiver } from '../helpers/receivers';
import { startTestSim, type Simulator } from '../helpers/sim';
import { makeUser } from '../helpers/users';
import { killProcess, startWorkerProcess } from '../helpers/worker-process';

// Real parts: the simulator's state changes drive the rules in two real worker processes, which
// deliver to a local SMTP server and a local HTTP receiver. Nothing here calls the engine itself.
const HMAC = 'hmac-secret-a1b2c3d4';
const SMTP_PASS = 'smtp-pass-9f8e7d6c';
const live = new Set<ChildProcess>();
let sim: Simulator;
let outageSim: Simulator;
let http: Awaited<ReturnType<typeof startHttpReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let a: Awaited<ReturnType<typeof makeUser>>;
let b: Awaited<ReturnType<typeof makeUser>>;
let c: Awaited<ReturnType<typeof makeUser>>;
let nodeA: { id: string; userId: string; clusterName: string | null };
let nodeC: { id: string; userId: string; clusterName: string | null };
let failingChannelId: string;

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits for a few polls to pass (so a duplicate, if there were one, would have come). */
async function pollsPass(node: { id: string; userId: string; clusterName: string | null }, n = 2): Promise<void> {
  const key = clusterKeyOf(node);
  const [start] = await readSnapshots(getRedis(), [key]);
  const from = start?.attemptedAt ?? 0;
  let seen = 0;
  let last = from;
  await until(`${n} polls of ${key}`, async () => {
    const [s] = await readSnapshots(getRedis(), [key]);
    if (s && s.attemptedAt > last) {
      last = s.attemptedAt;
      seen++;
    }
    return seen >= n;
  });
}

async function runningGuest(node: { id: string; userId: string; clusterName: string | null }, except: number[] = []): Promise<GuestRow> {
  const key = clusterKeyOf(node);
  return until('a first poll with a running container', async () => {
    const [s] = await readSnapshots(getRedis(), [key]);
    return s?.guests.find((g) => g.type === 'lxc' && g.status === 'running' && g.node === 'pve1' && !except.includes(g.vmid));
  });
}

const events = (path: string) => http.on(path).map((r) => JSON.parse(r.body) as { event: string; title: string; alert: { vmid: number | null; id: string } | null });

beforeAll(async () => {
  [sim, outageSim, http, smtp] = await Promise.all([
    startTestSim({ nodes: ['pve1', 'pve2'], seed: 3 }),
    startTestSim({ nodes: ['pve1'], seed: 14 }),
    startHttpReceiver(['/fail']),
    startSmtpReceiver({ user: 'kiln', pass: SMTP_PASS }),
  ]);
  [a, b, c] = await Promise.all([makeUser(), makeUser(), makeUser()]);
  nodeA = await registerSimNode(a, sim);
  nodeC = await registerSimNode(c, outageSim);
  const db = getDb();
  await saveChannel(db, a.id, { name: 'hook', kind: 'webhook', secrets: { url: http.url('/a'), headers: { 'X-Env': 'test' }, hmacSecret: HMAC } });
  await saveChannel(db, a.id, {
    name: 'mail',
    kind: 'email',
    config: { host: '127.0.0.1', port: smtp.port, security: 'none', username: 'kiln', from: 'kiln@example.test', to: ['ops@example.test'] },
    secrets: { password: SMTP_PASS },
  });
  failingChannelId = (await saveChannel(db, a.id, { name: 'broken', kind: 'slack', secrets: { url: http.url('/fail') } })).id;
  await saveChannel(db, b.id, { name: 'hook', kind: 'webhook', secrets: { url: http.url('/b') } });
  await saveChannel(db, c.id, { name: 'hook', kind: 'discord', secrets: { url: http.url('/c') } });
  await saveRule(db, c.id, { kind: 'node_offline', forSeconds: 0, cooldownSeconds: 0 });
  // Two workers evaluate and deliver side by side (one poll per cluster per 5 s between them).
  startWorkerProcess(live, { KILN_ALLOW_LOOPBACK_NODES: '1' });
  startWorkerProcess(live, { KILN_ALLOW_LOOPBACK_NODES: '1' });
});

afterAll(async () => {
  await Promise.all([...live].map((w) => killProcess(w, 'SIGTERM')));
  await Promise.all([sim?.close(), outageSim?.close(), http?.close(), smtp?.close()]);
  await closePveClients();
  await closeQueues();
  await closeDb();
  await closeRedis();
});

describe('a container stopped behind Kiln’s back', () => {
  let vmid: number;
  let alertId: string;

  it('fires exactly one alert, delivered once by webhook (signed) and once by email, with two workers running', async () => {
    vmid = (await runningGuest(nodeA)).vmid;
    await sim.view.stopContainer(vmid);
    await until('the webhook', () => events('/a').some((e) => e.alert?.vmid === vmid));
    await until('the mail', () => smtp.mails.length > 0);
    await pollsPass(nodeA, 3);

    const alerts = await getDb().alert.findMany({ where: { userId: a.id, vmid } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.state).toBe('firing');
    expect(alerts[0]!.kind).toBe('container_stopped');
    alertId = alerts[0]!.id;
    const firing = events('/a').filter((e) => e.alert?.vmid === vmid);
    expect(firing).toHaveLength(1);
    expect(firing[0]!.event).toBe('firing');
    expect(firing[0]!.title).toMatch(new RegExp(`CT ${vmid}\\) stopped unexpectedly`));
    const req = http.on('/a')[0]!;
    expect(req.headers['x-env']).toBe('test');
    expect(req.headers['x-kiln-signature']).toBe(`sha256=${createHmac('sha256', HMAC).update(req.body).digest('hex')}`);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.user).toBe('kiln');
    expect(smtp.mails[0]!.to).toEqual(['ops@example.test']);
    expect(smtp.mails[0]!.raw).toContain(`[Alert]`);
    expect(await firingAlertCount(getDb(), a.id)).toBe(1);
    expect(live.size).toBe(2); // both workers were up all along
  });

  it('retries a failing channel and shows its error on the channel', async () => {
    const delivery = await until('a second attempt on the failing channel', async () => {
      const d = await getDb().delivery.findFirst({ where: { channelId: failingChannelId, alertId } });
      return d && d.attempts >= 2 ? d : undefined;
    });
    expect(delivery.lastError).toBe('HTTP 500: receiver says no');
    expect(http.on('/fail').length).toBeGreaterThanOrEqual(2);
    const view = (await listChannels(getDb(), a.id)).find((ch) => ch.id === failingChannelId)!;
    expect(view.lastError).toBe('HTTP 500: receiver says no');
    expect(view).not.toHaveProperty('secretsEnc');
  });

  it('keeps channel secrets out of job data', async () => {
    const jobs = await getQueue('notifications').getJobs(['completed', 'failed', 'delayed', 'waiting', 'active']);
    expect(jobs.length).toBeGreaterThan(0);
    for (const j of jobs) expect(Object.keys(j.data as object)).toEqual(['deliveryId']);
    const dump = JSON.stringify(jobs.map((j) => ({ data: j.data, failedReason: j.failedReason, stacktrace: j.stacktrace, returnvalue: j.returnvalue })));
    for (const secret of [HMAC, SMTP_PASS, http.url('/a')]) expect(dump).not.toContain(secret);
    const row = await getDb().channel.findFirstOrThrow({ where: { userId: a.id, name: 'mail' } });
    expect(row.secretsEnc).not.toContain(SMTP_PASS);
  });

  it('is never shown to, acknowledged by or sent to another user', async () => {
    expect(await listAlerts(getDb(), b.id, { state: 'all' })).toEqual([]);
    await expect(acknowledgeAlert(getDb(), b.id, { id: alertId, note: 'not mine' })).rejects.toThrow(/not found/);
    expect(http.on('/b')).toEqual([]);
  });

  it('is acknowledged with a note, and resolves when the container runs again', async () => {
    await acknowledgeAlert(getDb(), a.id, { id: alertId, note: 'looking into it' });
    expect(await firingAlertCount(getDb(), a.id)).toBe(0);
    await sim.view.startContainer(vmid);
    const resolved = await until('the resolution', async () => {
      const al = await getDb().alert.findUniqueOrThrow({ where: { id: alertId } });
      return al.state === 'resolved' ? al : undefined;
    });
    expect(resolved.ackNote).toBe('looking into it');
    expect(resolved.openKey).toBeNull();
    await until('the resolved webhook', () => events('/a').some((e) => e.event === 'resolved' && e.alert?.id === alertId));
    await until('the resolved mail', () => smtp.mails.some((m) => m.raw.includes('[Resolved]')));
  });

  it('notifies nobody during a maintenance window of its node (the alert still shows)', async () => {
    const now = Date.now();
    const w = await addMaintenanceWindow(getDb(), a.id, { nodeId: nodeA.id, startsAt: new Date(now - 60_000), endsAt: new Date(now + 3_600_000), note: 'upgrade' });
    const other = (await runningGuest(nodeA, [vmid])).vmid;
    const before = http.on('/a').length;
    const mailsBefore = smtp.mails.length;
    await sim.view.stopContainer(other);
    await until('the alert', () => getDb().alert.findFirst({ where: { userId: a.id, vmid: other, state: 'firing' } }));
    await pollsPass(nodeA, 2);
    expect(
      http
        .on('/a')
        .slice(before)
        .map((r) => r.body),
    ).toEqual([]);
    expect(smtp.mails.length).toBe(mailsBefore);
    await deleteMaintenanceWindow(getDb(), a.id, w.id);
    await sim.view.startContainer(other);
  });
});

describe('a node outage', () => {
  it('makes one grouped notification naming how many containers it took down, and one resolution', async () => {
    const key = clusterKeyOf(nodeC);
    const [before] = await until('a first poll of the outage cluster', async () => {
      const s = await readSnapshots(getRedis(), [key]);
      return s[0] ? s : undefined;
    });
    const running = before!.guests.filter((g) => g.status === 'running').length;
    expect(running).toBeGreaterThan(1);
    outageSim.injectFailure({ method: 'GET', path: '/cluster/resources', status: 500, message: 'no quorum', times: 1 });
    await until('the outage notification', () => http.on('/c').length > 0);
    await until('the resolution', () => http.on('/c').length > 1);
    const bodies = http.on('/c').map((r) => JSON.parse(r.body) as { content: string });
    expect(bodies.map((x) => x.content)).toEqual([`[Alert] Node pve1 down, ${running} containers affected`, `[Resolved] Node pve1 down, ${running} containers affected`]);
    const alerts = await getDb().alert.findMany({ where: { userId: c.id } });
    expect(alerts.map((al) => [al.kind, al.affected, al.state])).toEqual([['node_offline', running, 'resolved']]);
  });
});
