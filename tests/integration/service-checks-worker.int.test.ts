import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@kiln/core';
import { closeDb, getDb } from '@kiln/db';
import { closeQueues } from '@kiln/queue';
import { closeRedis, getRedis } from '@kiln/redis';
import { checkConditionKey, clusterKeyOf, closePveClients, createCheck, deleteCheck, pollCluster, saveChannel } from '@kiln/services';
import { creationRequest, creationService, registerSimNode, templateId, waitForLifecycle } from '../helpers/provisioning';
import { startHttpReceiver } from '../helpers/receivers';
import { startServiceTarget, type ServiceTarget } from '../helpers/service-target';
import { startTestSim, type Simulator } from '../helpers/sim';
import { makeUser } from '../helpers/users';
import { killProcess, startWorkerProcess } from '../helpers/worker-process';

// The whole path with real worker processes: the creation adds the template's check, and two
// workers (besides the stack's) run the checks on their 10 s tick; a failing one fires one
// service_down alert, delivered once to a local webhook, and resolves once the service answers.
const live = new Set<ChildProcess>();
let sim: Simulator;
let web: ServiceTarget;
let receiver: Awaited<ReturnType<typeof startHttpReceiver>>;
let a: Awaited<ReturnType<typeof makeUser>>;
let node: Awaited<ReturnType<typeof registerSimNode>>;

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

type Hook = { event: string; title: string; alert: { id: string } | null };
const hooks = () => receiver.on('/a').map((r) => JSON.parse(r.body) as Hook);

beforeAll(async () => {
  [sim, web, receiver] = await Promise.all([startTestSim({ nodes: ['pve1'], seed: 33 }), startServiceTarget(), startHttpReceiver()]);
  a = await makeUser();
  node = await registerSimNode(a, sim);
  await saveChannel(getDb(), a.id, { name: 'hook', kind: 'webhook', secrets: { url: receiver.url('/a') } });
  startWorkerProcess(live, { KILN_ALLOW_LOOPBACK_NODES: '1' });
  startWorkerProcess(live, { KILN_ALLOW_LOOPBACK_NODES: '1' });
});

afterAll(async () => {
  await Promise.all([...live].map((w) => killProcess(w, 'SIGTERM')));
  await Promise.all([sim?.close(), web?.close(), receiver?.close()]);
  await closePveClients();
  await closeQueues();
  await closeDb();
  await closeRedis();
});

describe('service checks in the worker', () => {
  it('a container Kiln creates from a template gets its check (redis: TCP on its port)', async () => {
    const res = await creationService().create(a, creationRequest(node.id, await templateId('redis'), { params: { password: 'checks-redis-pass-1234' } }));
    expect(await waitForLifecycle(res.containerId)).toBe('ready');
    const checks = await getDb().serviceCheck.findMany({ where: { containerId: res.containerId } });
    expect(checks).toEqual([expect.objectContaining({ kind: 'tcp', port: 6379, source: 'template', enabled: true })]);
    // The simulated container's address is not routable from here: this check is not the subject below.
    await deleteCheck(getDb(), a.id, { id: checks[0]!.id });
  });

  it('fires exactly one alert, delivered once, with three workers running the checks; resolves once the service answers', async () => {
    const snap = await pollCluster({ db: getDb(), redis: getRedis(), log: createLogger('test', 'error'), workerId: 'test' }, clusterKeyOf(node));
    const guest = snap!.guests.find((g) => g.type === 'lxc' && g.status === 'running' && !g.template)!;
    await getDb().container.create({
      data: { userId: a.id, nodeId: node.id, vmid: guest.vmid, hostname: guest.name, pveNode: guest.node, lifecycle: 'ready', spec: {}, readyAt: new Date(), adoptedAt: new Date() },
    });
    web.state.status = 500;
    const { id } = await createCheck(getDb(), a.id, { nodeId: node.id, vmid: guest.vmid, name: 'app', kind: 'http', host: '127.0.0.1', port: web.port, intervalSeconds: 10, failuresToAlert: 2 });
    const key = checkConditionKey(clusterKeyOf(node), id);
    const alert = await until('the service_down alert', () => getDb().alert.findFirst({ where: { conditionKey: key } }));
    await until('the firing webhook', async () => hooks().some((h) => h.alert?.id === alert.id && h.event === 'firing'));
    const failing = await getDb().serviceCheck.findUniqueOrThrow({ where: { id } });
    expect(failing.consecutiveFailures).toBeGreaterThanOrEqual(2);
    // Two more runs of the check: a duplicate, if there were one, would have come.
    const runs = await getDb().serviceCheckResult.count({ where: { checkId: id } });
    await until('two more runs', async () => (await getDb().serviceCheckResult.count({ where: { checkId: id } })) >= runs + 2, 60_000);
    expect(await getDb().alert.count({ where: { conditionKey: key } })).toBe(1);
    expect(hooks().filter((h) => h.alert?.id === alert.id && h.event === 'firing')).toHaveLength(1);
    expect(alert).toMatchObject({ kind: 'service_down', state: 'firing', detail: 'HTTP 500' });
    // Each run is one result: no run twice by two workers. Two workers running the same due run
    // start within the same moment; a tick that starts late on a busy machine only moves a run by
    // a few seconds towards the next one. And no more runs than 10 s slots in the time they span.
    const at = (await getDb().serviceCheckResult.findMany({ where: { checkId: id }, orderBy: { at: 'asc' }, select: { at: true } })).map((r) => r.at.getTime());
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThan(1_000);
    expect(at.length).toBeLessThanOrEqual(Math.floor((at.at(-1)! - at[0]!) / 10_000) + 2);

    web.state.status = 200;
    await until('the resolved webhook', async () => hooks().some((h) => h.alert?.id === alert.id && h.event === 'resolved'));
    expect(await getDb().alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ state: 'resolved', openKey: null });
    expect(hooks().filter((h) => h.alert?.id === alert.id)).toHaveLength(2);
    expect(await getDb().serviceCheck.findUniqueOrThrow({ where: { id } })).toMatchObject({ lastStatus: 'up', consecutiveFailures: 0 });
  });
});
