// Operations engine figures against the running built stack (KILN_BENCH_WEB_URL, set by scripts/bench.ts):
// what the queue, the worker's pick-up and the progress channel add to a container action beyond
// the PVE part, and a bulk start of 100 containers on a 3-node cluster.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSimulator } from '@kiln/pve-sim';
import { PveClient } from '@kiln/pve';
import { closeDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { closePveClients } from '@kiln/services';
import { fmt, percentile } from '../scripts/lib/proc-stats';
import type { OpView } from '../tests/helpers/operations';
import { makeUser } from '../tests/helpers/users';
import { WebClient } from '../tests/helpers/web-client';
import { addSimNodeOverHttp } from '../tests/helpers/sim';

const url = process.env.KILN_BENCH_WEB_URL;
if (!url) throw new Error('KILN_BENCH_WEB_URL is not set (run through `pnpm bench`)');

const dataDir = mkdtempSync(path.join(tmpdir(), 'kiln-bench-ops-'));
const sim = await startSimulator({
  dataDir,
  apiPort: 0,
  sshPort: 0,
  nodes: ['pve1', 'pve2', 'pve3'],
  seedContainersPerNode: 0,
  taskDurationMs: 300,
  authFailureDelayMs: 50,
  tokens: [{ id: 'kiln@pve!kiln' }],
});
const pve = new PveClient({ baseUrl: sim.apiUrl, token: sim.tokens[0]!.header.replace('PVEAPIToken=', ''), fingerprint: sim.tlsFingerprint });
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Follows an operation as tightly as a client can (5 ms), collecting its events. */
async function follow(web: WebClient, id: string): Promise<{ view: OpView; events: OpView['events']; seenAt: number }> {
  let cursor = '0';
  const events: OpView['events'] = [];
  for (;;) {
    const view = (await (await web.fetch(`/api/operations/${id}?after=${cursor}`)).json()) as OpView;
    events.push(...view.events);
    cursor = view.cursor;
    if (TERMINAL.has(view.operation.state)) return { view, events, seenAt: Date.now() };
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function createCt(node: string, vmid: number): Promise<void> {
  const upid = await pve.lxcCreate(node, {
    vmid,
    hostname: `bench-${vmid}`,
    ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    rootfs: { storage: 'local-lvm', sizeGiB: 1 },
    net: { 0: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' } },
  });
  await pve.waitForTask(upid, { timeout: 60_000 });
}

try {
  const user = await makeUser();
  const web = new WebClient(url);
  await web.login(user.username, user.password);
  const nodeId = await addSimNodeOverHttp(web, sim, 'bench-ops');

  // 1. One container stopped and started 30 times. The engine's overhead is what it adds around
  //    the PVE part: from the row being written (queued) to a worker running it (queue + pick-up),
  //    and from the final state being published to a follower seeing it (progress). The action's
  //    HTTP round trip through the web app is printed apart (it is the web app, not the engine).
  await createCt('pve1', 900);
  const overhead: number[] = [];
  const roundTrip: number[] = [];
  for (let i = 0; i < 30; i++) {
    const op = i % 2 === 0 ? 'start' : 'stop';
    const t0 = Date.now();
    const r = await web.action<{ operationId: string }>('containerPowerAction', { nodeId, vmid: 900, op });
    if (!r.data) throw new Error(`power action failed: ${r.raw.slice(0, 300)}`);
    roundTrip.push(Date.now() - t0);
    const { view, events, seenAt } = await follow(web, r.data.operationId);
    if (view.operation.state !== 'succeeded') throw new Error(`${op} ended ${view.operation.state}: ${view.operation.message}`);
    const at = (state: string) => events.find((e) => e.event.type === 'state' && e.event.state === state)!.at;
    overhead.push(at('running') - at('queued') + (seenAt - at('succeeded')));
  }
  console.log(`operation overhead (queue + worker pick-up + progress) beyond the PVE task time p50: ${fmt(percentile(overhead, 50))} ms`);
  console.log(`operation overhead (queue + worker pick-up + progress) beyond the PVE task time p95: ${fmt(percentile(overhead, 95))} ms`);
  console.log(`power action round trip (web app: validate, check the role, write the row, enqueue) p50: ${fmt(percentile(roundTrip, 50))} ms`);

  // 2. Bulk start of 100 stopped containers spread over 3 PVE nodes.
  const targets: { nodeId: string; vmid: number }[] = [];
  const nodes = ['pve1', 'pve2', 'pve3'];
  for (let batch = 0; batch < 10; batch++) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        const vmid = 1000 + batch * 10 + j;
        await createCt(nodes[vmid % 3]!, vmid);
        targets.push({ nodeId, vmid });
      }),
    );
  }
  sim.requestLog.reset();
  const t0 = performance.now();
  const r = await web.action<{ operationId: string }>('bulkPowerAction', { op: 'start', targets });
  if (!r.data) throw new Error(`bulk action failed: ${r.raw.slice(0, 300)}`);
  const { view } = await follow(web, r.data.operationId);
  const wall = (performance.now() - t0) / 1000;
  const requests = sim.requestLog.count();
  if (view.counts['succeeded'] !== 100) throw new Error(`bulk start: ${JSON.stringify(view.counts)} (${view.operation.message})`);
  // Requests include the worker's inventory poller, which keeps polling the cluster meanwhile.
  console.log(`bulk start of 100 containers on 3 nodes: wall ${fmt(wall, 1)} s, PVE requests ${requests}`);
} finally {
  await pve.close();
  await closePveClients();
  await sim.close();
  await closeDb();
  await closeRedis();
  rmSync(dataDir, { recursive: true, force: true });
}
