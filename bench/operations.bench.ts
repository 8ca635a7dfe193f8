// Operations engine figures against the running built stack (KILN_BENCH_WEB_URL, set by scripts/bench.ts):
// what the queue, the worker's pick-up and the progress channel add to a container action beyond
// the PVE part, and a bulk start of 100 containers on a 3-node cluster.
import { performance } from 'node:perf_hooks';
import { fmt, percentile } from '../scripts/lib/proc-stats';
import { follow, startOperationsStack } from './lib/operations-stack';

const stack = await startOperationsStack('ops');
const { sim, web, nodeId } = stack;

try {
  // 1. One container stopped and started 30 times (overhead: see timedOperation).
  await stack.createCt('pve1', 900);
  const overhead: number[] = [];
  const roundTrip: number[] = [];
  for (let i = 0; i < 30; i++) {
    const op = i % 2 === 0 ? 'start' : 'stop';
    const t = await stack.timedOperation('containerPowerAction', { nodeId, vmid: 900, op });
    overhead.push(t.overheadMs);
    roundTrip.push(t.roundTripMs);
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
        await stack.createCt(nodes[vmid % 3]!, vmid);
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
  await stack.close();
}
