// Issue 16 figures: rule evaluation per poll for 3 nodes x 300 containers with 10 rules (target
// p50 < 10 ms), and the time from a state change shown by Proxmox VE's cluster view (after pvestatd's
// broadcast) to the webhook received through the running stack's worker (target p50 < poll interval + 1 s).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createLogger } from '@kiln/core';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import { POLL_INTERVAL_MS, RuleSet, evaluateAlerts, evaluateCluster, saveChannel, type ClusterSnapshot, type GuestRow } from '@kiln/services';
import { fmt, percentile } from '../scripts/lib/proc-stats';
import { makeUser } from '../tests/helpers/users';
import { benchCluster } from './lib/sim-cluster';

// ---- 1. Evaluation of one poll, in this process against the bench database and Redis ----
const user = await makeUser();
const db = getDb();
const nodes = ['pve1', 'pve2', 'pve3'].map((name) => ({ id: crypto.randomUUID(), pveNodeName: name }));
const rules = [
  { kind: 'container_stopped', forSeconds: 0 },
  { kind: 'node_offline', forSeconds: 0 },
  { kind: 'cpu', trigger: 90, clear: 75, forSeconds: 300 },
  { kind: 'memory', trigger: 90, clear: 80, forSeconds: 300 },
  { kind: 'disk', trigger: 90, clear: 85, forSeconds: 60 },
  { kind: 'operation_failed' },
  { kind: 'cpu', scope: 'tag', scopeRef: 'db', trigger: 70, clear: 50, forSeconds: 60 },
  { kind: 'memory', scope: 'node', scopeRef: nodes[1]!.id, trigger: 95, clear: 85, forSeconds: 60 },
  { kind: 'container_stopped', scope: 'tag', scopeRef: 'lab', enabled: false },
  { kind: 'disk', scope: 'container', scopeRef: `${nodes[0]!.id}:105`, trigger: 80, clear: 70, forSeconds: 0 },
] as const;
// Stored as rows: the bench's nodes are ids only (saving through the service checks they are the user's).
await db.alertRule.createMany({ data: rules.map((r) => ({ userId: user.id, scope: 'user' as const, scopeRef: '', ...r })) });
const clusterKey = `${user.id}:c:bench-alerts`;
const guests = (poll: number): GuestRow[] =>
  Array.from({ length: 900 }, (_, i) => ({
    vmid: 100 + i,
    type: 'lxc' as const,
    name: `ct-${i}`,
    node: `pve${(i % 3) + 1}`,
    // One container stops behind Kiln's back on every poll (and the one before runs again).
    status: i === poll ? 'stopped' : 'running',
    cpu: ((i * 7 + poll) % 100) / 100,
    maxcpu: 2,
    mem: ((i * 13 + poll) % 100) * 10_000_000,
    maxmem: 1_000_000_000,
    disk: ((i * 3) % 100) * 1_000_000,
    maxdisk: 100_000_000,
    swap: ((i * 11 + poll) % 100) * 1_000_000,
    maxswap: 100_000_000,
    tags: i % 10 === 0 ? ['db'] : i % 10 === 1 ? ['lab'] : [],
    template: false,
  }));
const snapAt = (poll: number): ClusterSnapshot => {
  const at = Date.now();
  // Four storages per node, steady (the built-in storage-full rule sees them and samples their trend).
  const storages = nodes.flatMap((n, k) =>
    ['local', 'local-lvm', 'backup', 'nfs'].map((storage, j) => ({
      storage,
      node: n.pveNodeName,
      status: 'available',
      shared: storage === 'nfs',
      disk: (50 + k * 10 + j * 5) * 1_000_000,
      maxdisk: 100_000_000,
    })),
  );
  return { clusterKey, fetchedAt: at, attemptedAt: at, guests: guests(poll), nodes: nodes.map((n) => ({ node: n.pveNodeName, status: 'online' })), storages };
};
const log = createLogger('bench', 'error');
const times: number[] = [];
const pure: number[] = [];
let prev: ClusterSnapshot | null = null;
for (let poll = 0; poll < 60; poll++) {
  const snap = snapAt(poll);
  const t = performance.now();
  await evaluateAlerts({ db, redis: getRedis(), log }, snap, prev, nodes);
  if (poll >= 10) times.push(performance.now() - t); // the first polls open the alerts of the steady state
  const rs = new RuleSet(await db.alertRule.findMany({ where: { userId: user.id } }));
  const tp = performance.now();
  evaluateCluster({
    snap,
    prev,
    rules: rs,
    state: new Map(),
    open: [],
    operated: new Set(),
    failedOperations: [],
    nodeIdsByPveName: new Map(nodes.map((n) => [n.pveNodeName, [n.id]])),
    clusterNodeIds: nodes.map((n) => n.id),
    now: Date.now(),
  });
  pure.push(performance.now() - tp);
  prev = snap;
}
console.log(`alert rule evaluation per poll p50 (3 nodes x 300 CTs, 10 rules, with PostgreSQL and Redis): ${fmt(percentile(times, 50))} ms`);
console.log(`alert rule evaluation per poll p95: ${fmt(percentile(times, 95))} ms`);
console.log(`alert rule evaluation per poll p50, rules only (no I/O): ${fmt(percentile(pure, 50))} ms`);

// ---- 2. State change in the simulator -> webhook received, through the stack's worker ----
const received: { vmid: number | null; event: string; at: number }[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event: string; alert: { vmid: number | null } | null };
    received.push({ vmid: body.alert?.vmid ?? null, event: body.event, at: performance.now() });
    res.writeHead(200).end('ok');
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const cluster = await benchCluster({ name: 'alerts', perNode: 5 });
try {
  const owner = (await db.node.findUniqueOrThrow({ where: { id: cluster.nodeId } })).userId;
  await saveChannel(db, owner, { name: 'bench', kind: 'webhook', secrets: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` } });
  const until = async (what: string, fn: () => boolean, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!fn()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const running = (await cluster.pve.clusterResources('vm')).filter((g) => g.type === 'lxc' && g.status === 'running').map((g) => g.vmid);
  await cluster.web.page('/containers'); // marks the cluster as looked at: polled from now on
  await new Promise((r) => setTimeout(r, 2 * POLL_INTERVAL_MS));
  const latencies: number[] = [];
  for (const vmid of running.slice(0, 5)) {
    await cluster.web.page('/containers');
    await cluster.sim.view.stopContainer(vmid);
    // From the moment Proxmox VE's cluster view shows it: pvestatd's broadcast (every 10 s on a real
    // node) is PVE's own lag, before any poller can see the change.
    cluster.sim.broadcastStatus();
    const t = performance.now();
    await until(`the alert of CT ${vmid}`, () => received.some((r) => r.vmid === vmid && r.event === 'firing'));
    latencies.push(received.find((r) => r.vmid === vmid && r.event === 'firing')!.at - t);
    await cluster.sim.view.startContainer(vmid);
    await until(`the resolution of CT ${vmid}`, () => received.some((r) => r.vmid === vmid && r.event === 'resolved'));
  }
  console.log(
    `state change visible in /cluster/resources -> webhook received p50 (${latencies.length} stops, poll every ${POLL_INTERVAL_MS / 1000} s; target < ${POLL_INTERVAL_MS + 1000} ms): ${fmt(percentile(latencies, 50), 0)} ms`,
  );
} finally {
  server.close();
  await cluster.close();
}
