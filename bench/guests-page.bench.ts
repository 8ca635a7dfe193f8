// Issue 17 figures against the running built stack (KILN_BENCH_WEB_URL, set by scripts/bench.ts):
// the containers page with containers and VMs of several clusters, and what the poll costs Proxmox
// VE per cluster per minute once guest addresses are known, and the worker's memory while it polls
// them (KILN_BENCH_WORKER_PID). Sizes: KILN_BENCH_GUEST_CLUSTERS
// (default 10) clusters of 3 nodes x KILN_BENCH_GUESTS_PER_NODE (default 300) guests, a tenth VMs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSimulator, type Simulator } from '@kiln/pve-sim';
import { closeDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { closePveClients } from '@kiln/services';
import { fmt, percentile, treeRssMiB } from '../scripts/lib/proc-stats';
import { makeUser } from '../tests/helpers/users';
import { WebClient } from '../tests/helpers/web-client';
import { addSimNodeOverHttp } from '../tests/helpers/sim';
import { benchWebUrl } from './lib/sim-cluster';

const clusters = Number(process.env.KILN_BENCH_GUEST_CLUSTERS ?? 10);
const perNode = Number(process.env.KILN_BENCH_GUESTS_PER_NODE ?? 300);
const vmsPerNode = Math.round(perNode / 10);
/** The stack's worker (scripts/bench.ts), which polls every registered cluster. */
const workerPid = Number(process.env.KILN_BENCH_WORKER_PID);

const sims: Simulator[] = [];
const dirs: string[] = [];
try {
  const t0 = performance.now();
  for (let c = 0; c < clusters; c++) {
    const dataDir = mkdtempSync(path.join(tmpdir(), `kiln-bench-guests-${c}-`));
    dirs.push(dataDir);
    const sim = await startSimulator({
      dataDir,
      apiPort: 0,
      sshPort: 0,
      nodes: ['pve1', 'pve2', 'pve3'],
      // Kiln groups registered nodes by cluster name: each simulator must be a cluster of its own
      clusterName: `bench-c${c}`,
      seedContainersPerNode: perNode - vmsPerNode,
      authFailureDelayMs: 50,
      tokens: [{ id: 'kiln@pve!kiln' }],
    });
    for (const node of ['pve1', 'pve2', 'pve3']) {
      for (let i = 0; i < vmsPerNode; i++) sim.addVm({ node, name: `vm-${node}-${i}`, agentRunning: i % 4 !== 0, ips: [`10.${20 + c}.${node.slice(-1)}.${(i % 250) + 2}/24`] });
    }
    sim.broadcastStatus();
    sims.push(sim);
  }
  console.log(`${clusters} simulators (3 nodes x ${perNode} guests, ${vmsPerNode * 3} VMs each) up in ${fmt(performance.now() - t0, 0)} ms`);

  const user = await makeUser();
  const web = new WebClient(benchWebUrl());
  await web.login(user.username, user.password);
  for (const [i, sim] of sims.entries()) await addSimNodeOverHttp(web, sim, `guests-${i}`);

  // Warm-up: addresses are read for at most 24 guests a poll; wait until no cluster reads any more.
  const addressCalls = () => sims.reduce((n, s) => n + s.requestLog.count({ path: /\/(interfaces|agent\/network-get-interfaces)$/ }), 0);
  const warm = performance.now();
  for (let last = -1; performance.now() - warm < 600_000;) {
    await web.page('/containers');
    await new Promise((r) => setTimeout(r, 10_000));
    const now = addressCalls();
    if (now === last) break;
    last = now;
  }
  console.log(`addresses of every running guest known after ${fmt((performance.now() - warm) / 1000, 0)} s (${addressCalls()} reads)`);

  const first = await web.page('/containers?per=100');
  const rows = (first.html.match(/data-vmid=/g) ?? []).length;
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    const p = await web.page(i % 2 ? '/containers?q=type%3Avm' : '/containers');
    times.push(performance.now() - t);
    if (p.status !== 200) throw new Error(`containers page answered ${p.status}`);
  }
  console.log(`containers+VMs page server render p50 (${clusters} x 3 x ${perNode} = ${clusters * 3 * perNode} guests, ${rows} rows shown): ${fmt(percentile(times, 50))} ms`);
  console.log(`containers+VMs page server render p95: ${fmt(percentile(times, 95))} ms`);

  // One minute with the page open: every PVE request, per cluster.
  for (const s of sims) s.requestLog.reset();
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    await web.page('/containers');
    await new Promise((r) => setTimeout(r, 5000));
  }
  const minutes = (Date.now() - started) / 60_000;
  const perCluster = sims.map((s) => s.requestLog.count() / minutes);
  const resources = sims.map((s) => s.requestLog.count({ path: '/cluster/resources' }) / minutes);
  const swapReads = sims.reduce((n, s) => n + s.requestLog.count({ path: /^\/nodes\/[^/]+\/lxc$/ }), 0) / minutes / clusters;
  console.log(
    `poll cost per cluster per minute with addresses: ${fmt(percentile(perCluster, 50))} req/min (max ${fmt(Math.max(...perCluster))}; /cluster/resources ${fmt(percentile(resources, 50))}, address reads ${fmt(addressCalls() / minutes / clusters)}, swap reads ${fmt(swapReads)} per cluster per minute)`,
  );
  if (workerPid) console.log(`worker RSS with ${clusters} clusters polled: ${fmt(treeRssMiB(workerPid))} MB`);
} finally {
  for (const s of sims) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await closePveClients();
  await closeDb();
  await closeRedis();
}
