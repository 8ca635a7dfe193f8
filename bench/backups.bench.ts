// Backups page figures against the running built stack (KILN_BENCH_WEB_URL, set by scripts/bench.ts):
// server render of /backups for 3 nodes x 300 containers with 2 archives each (target p50 < 150 ms),
// and how many Proxmox VE requests one page view makes (the worker's cached catalog: none).
// Setting the scene writes 1800 real archives (tar + zstd in the simulator): minutes on a busy machine.
import { KILN_BACKUP_PRIVILEGES, KILN_ROLE } from '@kiln/pve-sim';
import { fmt, percentile, timeIt } from '../scripts/lib/proc-stats';
import { benchCluster } from './lib/sim-cluster';

const PER_NODE = 300;
const cluster = await benchCluster({
  name: 'bench-backups',
  perNode: PER_NODE,
  taskDurationMs: 50,
  tokens: [{ id: 'kiln@pve!kiln', privileges: { '/': [...KILN_ROLE, ...KILN_BACKUP_PRIVILEGES] } }],
});
const { sim, pve, web } = cluster;

try {
  // Two archives of every container: one vzdump task per node and round (real tar + zstd).
  const guests = (await pve.clusterResources('vm')).filter((g) => g.type === 'lxc' && !g.template);
  for (let round = 0; round < 2; round++) {
    await Promise.all(
      ['pve1', 'pve2', 'pve3'].map(async (node) => {
        const vmids = guests.filter((g) => g.node === node).map((g) => g.vmid);
        await pve.waitForTask(await pve.vzdump(node, { vmids, storage: 'local', mode: 'snapshot', compress: 'zstd', remove: false }), { timeout: 3_600_000 });
      }),
    );
    await new Promise((r) => setTimeout(r, 1100)); // archive names carry the second
  }
  const archives = (await Promise.all(['pve1', 'pve2', 'pve3'].map((n) => pve.backups(n, 'local')))).flat().length;

  // A cold view waits for the worker's first read of the cluster; then the cache answers.
  sim.requestLog.reset();
  const cold = await web.page('/backups');
  if (cold.status !== 200) throw new Error(`backups page answered ${cold.status}`);
  console.log(`backups page PVE requests on the first view (worker fills the cache): ${sim.requestLog.count()}`);
  sim.requestLog.reset();
  const warm = await web.page('/backups');
  if (!warm.html.includes('vzdump-lxc-')) throw new Error('the backups page lists no archive');
  console.log(`backups page PVE requests per view (cache fresh): ${sim.requestLog.count()}`);

  const times = await timeIt(30, async () => {
    const p = await web.page('/backups');
    if (p.status !== 200) throw new Error(`backups page answered ${p.status}`);
  });
  console.log(`backups page server render p50 (3 nodes x ${PER_NODE} CTs, ${archives} archives): ${fmt(percentile(times, 50))} ms`);
  console.log(`backups page server render p95: ${fmt(percentile(times, 95))} ms`);
} finally {
  await cluster.close();
}
