// Snapshot figures against the running built stack (KILN_BENCH_WEB_URL, set by scripts/bench.ts):
// what Kiln adds to taking a snapshot and to rolling back beyond the PVE task time (target < 300 ms),
// measured like the other operations (lib/operations-stack.ts), and the snapshot list read through the worker.
import { fmt, percentile } from '../scripts/lib/proc-stats';
import { startOperationsStack } from './lib/operations-stack';

const stack = await startOperationsStack('snapshots');
const { web, nodeId } = stack;
const VMID = 950;
const RUNS = 20;

try {
  await stack.createCt('pve1', VMID);
  const create: number[] = [];
  const rollback: number[] = [];
  const list: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const snapname = `bench-${i}`;
    create.push((await stack.timedOperation('createSnapshotAction', { nodeId, vmid: VMID, snapname, description: '' })).overheadMs);
    rollback.push((await stack.timedOperation('rollbackSnapshotAction', { nodeId, vmid: VMID, snapname, start: false })).overheadMs);
    const t0 = Date.now();
    const r = await web.action('listSnapshotsAction', { nodeId, vmid: VMID });
    if (!r.data) throw new Error(`listing snapshots failed: ${r.raw.slice(0, 300)}`);
    list.push(Date.now() - t0);
  }
  for (const [what, xs] of [
    ['snapshot create', create],
    ['snapshot rollback', rollback],
  ] as const) {
    console.log(`${what} overhead (queue + worker pick-up + progress) beyond the PVE task time p50: ${fmt(percentile(xs, 50))} ms (target < 300)`);
    console.log(`${what} overhead (queue + worker pick-up + progress) beyond the PVE task time p95: ${fmt(percentile(xs, 95))} ms`);
  }
  console.log(`snapshot list through the worker (${RUNS} snapshots at most, 3 PVE reads) p50: ${fmt(percentile(list, 50))} ms`);
} finally {
  await stack.close();
}
