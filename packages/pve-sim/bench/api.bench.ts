/**
 * API simulator figures: start-up with a large seeded cluster and the latency of the calls a
 * dashboard polls (`/cluster/resources` every few seconds, rrddata for charts), over real HTTPS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../src/index';
import { ApiClient } from '../test/helpers/api';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const fmt = (n: number): string => n.toFixed(1);
const dir = await mkdtemp(join(tmpdir(), 'kiln-pve-sim-bench-'));
try {
  const t0 = performance.now();
  const sim = await startSimulator({ dataDir: dir, apiPort: 0, ssh: false, nodes: ['pve1', 'pve2', 'pve3'], seedContainersPerNode: 300, statusIntervalMs: 10_000 });
  console.log(`startup, new data dir, 3 nodes x 300 CTs: ${fmt(performance.now() - t0)} ms`);
  const api = new ApiClient(sim.apiUrl, sim.tokens[0]?.header ?? '');

  const first = await api.get('/cluster/resources');
  console.log(`/cluster/resources payload (3 nodes x 300 CTs): ${fmt(first.raw.length / 1024)} KiB`);
  const resources = await measure(100, () => api.get('/cluster/resources'));
  console.log(`/cluster/resources p50 (3 nodes x 300 CTs): ${fmt(resources.p50)} ms`);
  console.log(`/cluster/resources p95 (3 nodes x 300 CTs): ${fmt(resources.p95)} ms`);
  const vms = await measure(100, () => api.get('/cluster/resources', { type: 'vm' }));
  console.log(`/cluster/resources?type=vm p50: ${fmt(vms.p50)} ms`);
  const list = await measure(100, () => api.get('/nodes/pve2/lxc'));
  console.log(`/nodes/{node}/lxc p50 (300 CTs): ${fmt(list.p50)} ms`);

  const ctHour = await measure(50, () => api.get('/nodes/pve1/lxc/100/rrddata', { timeframe: 'hour' }));
  console.log(`lxc rrddata hour p50: ${fmt(ctHour.p50)} ms`);
  const ctDay = await measure(20, () => api.get('/nodes/pve1/lxc/100/rrddata', { timeframe: 'day' }));
  console.log(`lxc rrddata day (1440 points) p50: ${fmt(ctDay.p50)} ms`);
  const nodeDay = await measure(10, () => api.get('/nodes/pve1/rrddata', { timeframe: 'day' }));
  console.log(`node rrddata day (1440 points, 300 CTs) p50: ${fmt(nodeDay.p50)} ms`);

  const invalid = await measure(200, () => api.put('/nodes/pve1/lxc/100/config', { memory: 'x', net0: 'name=eth0,ip=bad', tags: 'a;b' }));
  console.log(`PUT config rejected by validation p50: ${fmt(invalid.p50)} ms`);
  const version = await measure(200, () => api.get('/version'));
  console.log(`GET /version p50 (request overhead): ${fmt(version.p50)} ms`);

  api.close();
  const tClose = performance.now();
  await sim.close();
  console.log(`close (3 nodes x 300 CTs): ${fmt(performance.now() - tClose)} ms`);
  const tRestart = performance.now();
  const again = await startSimulator({ dataDir: dir, apiPort: 0, ssh: false, nodes: ['pve1', 'pve2', 'pve3'], statusIntervalMs: 10_000 });
  console.log(`startup, persisted state, 3 nodes x 300 CTs: ${fmt(performance.now() - tRestart)} ms`);
  await again.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
