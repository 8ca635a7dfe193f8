// The update pipeline's own cost (issue 15), against the running built stack (KILN_BENCH_WEB_URL, set
// by scripts/bench.ts): a Kiln-made container moves one template version up per run through the web
// app's Update action, with a snapshot first and the healthcheck after. The pipeline records how long
// it spent in PVE tasks (the snapshot), in the update's own commands and in its checks (the healthcheck
// and the running services, side by side, before and after); what is left
// of the time from the request to a follower seeing the verdict is Kiln's overhead (target p50 < 1 s):
// queue and pick-up, pre-flight reads, the row and channel writes, the progress reaching the browser.
import { randomUUID } from 'node:crypto';
import { templateSchema } from '@kiln/core/templates';
import { getDb } from '@kiln/db';
import { fmt, percentile } from '../scripts/lib/proc-stats';
import { kilnRow, runningCt } from '../tests/helpers/kiln-container';
import { follow, startOperationsStack } from './lib/operations-stack';

const RUNS = 10;
const VMID = 960;
const stack = await startOperationsStack('updates');
const { web, nodeId, pve, user } = stack;
const slug = `bench-app-${randomUUID().slice(0, 6)}`;
const version = (i: number) => `1.${i}.0`;

try {
  const ids: string[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const spec = templateSchema.parse({
      apiVersion: 'kiln/v1',
      slug,
      name: 'Bench app',
      version: version(i),
      description: 'Writes its version.',
      icon: '📦',
      os: { distribution: 'debian', version: '12' },
      steps: [{ id: 'install', type: 'script', run: 'mkdir -p /opt/app && echo ok > /opt/app/health' }],
      healthcheck: { command: ['test', '-d', '/opt'], retries: 0, interval: 1, timeout: 10 },
      update: [{ id: 'upgrade', type: 'script', run: `mkdir -p /opt/app && echo ${version(i)} > /opt/app/VERSION` }],
    });
    ids.push(
      (await getDb().template.create({ data: { userId: user.id, slug, version: version(i), name: spec.name, description: spec.description, icon: spec.icon, tags: [], spec: spec as never } })).id,
    );
  }
  await runningCt(pve, VMID, `bench-${VMID}`);
  await kilnRow({ userId: user.id, nodeId, vmid: VMID, hostname: `bench-${VMID}`, template: { id: ids[0]!, slug, version: version(0) } });

  const overhead: number[] = [];
  const total: number[] = [];
  const checks: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const t0 = Date.now();
    const r = await web.action<{ operationId: string }>('updateContainerAction', { nodeId, vmid: VMID, update: { what: 'template', toTemplateId: ids[i], safety: 'snapshot' } });
    if (!r.data) throw new Error(`updateContainerAction failed: ${r.raw.slice(0, 300)}`);
    const { view, seenAt } = await follow(web, r.data.operationId);
    if (view.operation.state !== 'succeeded') throw new Error(`update ${i} ended ${view.operation.state}: ${view.operation.message}`);
    const row = await getDb().operation.findUniqueOrThrow({ where: { id: r.data.operationId }, select: { result: true } });
    const t = (row.result as { timings: { pveTasksMs: number; updateMs: number; checksMs: number } }).timings;
    const elapsed = seenAt - t0;
    total.push(elapsed);
    overhead.push(elapsed - t.pveTasksMs - t.updateMs - t.checksMs);
    checks.push(t.checksMs);
  }
  console.log(`update pipeline overhead beyond snapshot + update steps + healthcheck time p50: ${fmt(percentile(overhead, 50))} ms (target < 1000)`);
  console.log(`update pipeline overhead beyond snapshot + update steps + healthcheck time p95: ${fmt(percentile(overhead, 95))} ms`);
  console.log(`checks before and after (healthcheck and running services side by side, subtracted above) p50: ${fmt(percentile(checks, 50))} ms`);
  console.log(`template update end to end (request to verdict seen; the simulator's tasks take 300 ms) p50: ${fmt(percentile(total, 50))} ms`);
} finally {
  await stack.close();
}
